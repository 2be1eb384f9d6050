import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { ReviewQueueItem } from '@agenthub/contracts';
import { adminReviewsApi } from '@/api/admin-reviews.api';

/** The review queue; `total` is the pending count the admin navigation shows. */
export const useAdminReviewsStore = defineStore('admin-reviews', () => {
  const items = ref<ReviewQueueItem[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);

  async function load() {
    loading.value = true;
    try {
      const page = await adminReviewsApi.queue({ pageSize: 50 });
      items.value = page.items;
      total.value = page.total;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  /** Only the count, for the navigation badge. */
  async function refreshCount() {
    total.value = (await adminReviewsApi.queue({ pageSize: 1 })).total;
  }

  function drop(versionId: string) {
    items.value = items.value.filter((v) => v.id !== versionId);
    total.value = Math.max(0, total.value - 1);
  }

  async function approve(versionId: string, notes?: string) {
    await adminReviewsApi.approve(versionId, notes);
    drop(versionId);
  }

  async function reject(versionId: string, reason: string) {
    await adminReviewsApi.reject(versionId, reason);
    drop(versionId);
  }

  return { items, total, loading, loaded, load, refreshCount, approve, reject };
});
