import { ref } from 'vue';
import { defineStore } from 'pinia';
import type {
  CreateMcpServerRequest,
  McpServer,
  McpServerStats,
  McpTool,
  OutboundPolicy,
} from '@agenthub/contracts';
import { mcpServersApi, outboundPolicyApi } from '@/api/integration.api';

/** Platform MCP servers, their tools and health. */
export const useAdminMcpServersStore = defineStore('admin-mcp-servers', () => {
  const servers = ref<McpServer[]>([]);
  const tools = ref<Record<string, McpTool[]>>({});
  const stats = ref<Record<string, McpServerStats>>({});
  const policy = ref<OutboundPolicy | null>(null);
  const loading = ref(false);
  const loaded = ref(false);

  async function load() {
    loading.value = true;
    try {
      const [page, rules] = await Promise.all([
        mcpServersApi.list({ scope: 'platform', pageSize: 100 }),
        outboundPolicyApi.get(),
      ]);
      servers.value = page.items;
      policy.value = rules;
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  function put(server: McpServer) {
    const exists = servers.value.some((s) => s.id === server.id);
    servers.value = exists
      ? servers.value.map((s) => (s.id === server.id ? server : s))
      : [...servers.value, server];
  }

  async function create(body: CreateMcpServerRequest) {
    const created = await mcpServersApi.create({ ...body, scope: 'platform' });
    put(created);
    return created;
  }

  async function remove(id: string) {
    await mcpServersApi.remove(id);
    servers.value = servers.value.filter((s) => s.id !== id);
  }

  async function refresh(id: string) {
    const result = await mcpServersApi.refresh(id);
    put(result.server);
    tools.value = { ...tools.value, [id]: result.tools };
  }

  async function checkHealth(id: string) {
    put(await mcpServersApi.health(id));
    if (stats.value[id]) await loadStats(id);
  }

  async function loadStats(id: string) {
    stats.value = { ...stats.value, [id]: await mcpServersApi.stats(id) };
  }

  async function loadTools(id: string) {
    tools.value = { ...tools.value, [id]: (await mcpServersApi.tools(id)).items };
  }

  return {
    servers,
    tools,
    stats,
    policy,
    loading,
    loaded,
    load,
    create,
    remove,
    refresh,
    checkHealth,
    loadTools,
    loadStats,
  };
});
