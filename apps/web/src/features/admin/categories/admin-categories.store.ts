import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { CategoryTreeNode, CreateCategoryRequest, UpdateCategoryRequest } from '@agenthub/contracts';
import { agentsApi } from '@/api/agents.api';
import { categoriesApi } from '@/api/categories.api';
import { type DropPosition, planCategoryMove } from './composables/category-moves';

/** The category tree as admins curate it; every write reloads it (counts and order come from the API). */
export const useAdminCategoriesStore = defineStore('admin-categories', () => {
  const tree = ref<CategoryTreeNode[]>([]);
  const loading = ref(false);
  const loaded = ref(false);

  async function load() {
    loading.value = true;
    try {
      tree.value = (await agentsApi.categories()).items;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  async function create(body: CreateCategoryRequest) {
    await categoriesApi.create(body);
    await load();
  }

  async function update(id: string, body: UpdateCategoryRequest) {
    await categoriesApi.update(id, body);
    await load();
  }

  async function remove(id: string) {
    await categoriesApi.remove(id);
    await load();
  }

  /** Applies a drag and drop (or a keyboard move) as the few PUTs it needs, then reloads. */
  async function move(dragId: string, dropId: string, position: DropPosition) {
    const writes = planCategoryMove(tree.value, dragId, dropId, position);
    try {
      for (const w of writes) await categoriesApi.update(w.id, { parentId: w.parentId, sort: w.sort });
    } finally {
      await load();
    }
  }

  return { tree, loading, loaded, load, create, update, remove, move };
});
