import { reactive, ref } from 'vue';
import { defineStore } from 'pinia';
import type { TemplateStatus, TemplateUsageStats, WorkflowTemplateSummary } from '@agenthub/contracts';
import { workflowTemplatesApi } from '@/api/workflow-templates.api';

export interface AdminTemplateFilters {
  q: string;
  status: TemplateStatus | '';
  page: number;
  pageSize: number;
}

/** Workflow templates of every status, for the admin list (publish, deprecate, usage). */
export const useAdminTemplatesStore = defineStore('admin-templates', () => {
  const filters = reactive<AdminTemplateFilters>({ q: '', status: '', page: 1, pageSize: 20 });
  const items = ref<WorkflowTemplateSummary[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const stats = ref<Record<string, TemplateUsageStats>>({});

  async function load() {
    loading.value = true;
    try {
      const page = await workflowTemplatesApi.search({
        q: filters.q.trim() || undefined,
        status: filters.status || undefined,
        page: filters.page,
        pageSize: filters.pageSize,
      });
      items.value = page.items;
      total.value = page.total;
    } finally {
      loading.value = false;
    }
  }

  async function setStatus(id: string, status: TemplateStatus): Promise<void> {
    const updated = await workflowTemplatesApi.update(id, { status });
    items.value = items.value.map((t) =>
      t.id === id ? { ...t, status: updated.status, version: updated.version } : t,
    );
  }

  async function loadStats(id: string): Promise<void> {
    stats.value = { ...stats.value, [id]: await workflowTemplatesApi.usageStats(id) };
  }

  return { filters, items, total, loading, stats, load, setStatus, loadStats };
});
