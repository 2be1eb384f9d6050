import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { Agent, AgentListItem, AgentStatus } from '@agenthub/contracts';
import { agentsApi } from '@/api/agents.api';

export interface StudioListQuery {
  q: string;
  status: AgentStatus | '';
  page: number;
  pageSize: number;
}

/**
 * The Studio home's list of agents. Who is asking is passed in (`ownerId` for an admin looking at
 * their own agents): this store never reads the auth store.
 */
export const useStudioAgentsStore = defineStore('studio-agents', () => {
  const items = ref<AgentListItem[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  let controller: AbortController | null = null;

  async function load(query: StudioListQuery, ownerId?: string) {
    // Typing in the search box fires loads quickly: only the newest one may land.
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    try {
      const page = await agentsApi.list(
        {
          q: query.q.trim() || undefined,
          status: query.status || undefined,
          ownerId,
          page: query.page,
          pageSize: query.pageSize,
        },
        mine.signal,
      );
      if (controller !== mine) return;
      items.value = page.items;
      total.value = page.total;
      loaded.value = true;
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  /** Archives or unarchives and updates the row in place (its counters are unchanged). */
  async function setArchived(id: string, archived: boolean): Promise<Agent> {
    const agent = archived ? await agentsApi.archive(id) : await agentsApi.unarchive(id);
    items.value = items.value.map((row) => (row.id === id ? { ...row, ...agent } : row));
    return agent;
  }

  return { items, total, loading, loaded, load, setArchived };
});
