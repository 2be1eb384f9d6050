import { ref, watch, type Ref } from 'vue';
import type { McpServer, McpTool } from '@agenthub/contracts';
import { mcpServersApi } from '@/api/mcp-servers.api';
import { mcpToolsApi } from '@/api/mcp-tools.api';

/** The registered MCP servers, and the tools of the chosen one (by name, as workflows refer to it). */
export function useMcpTools(serverName: Ref<string | undefined>) {
  const servers = ref<McpServer[]>([]);
  const tools = ref<McpTool[]>([]);
  const loadingTools = ref(false);
  const failed = ref(false);

  mcpServersApi
    .list()
    .then((page) => (servers.value = page.items))
    .catch(() => (failed.value = true));

  // Only the newest request's answer counts when the server changes quickly.
  let latest = 0;
  watch(
    serverName,
    (name) => {
      const ticket = ++latest;
      tools.value = [];
      if (!name) return;
      loadingTools.value = true;
      mcpToolsApi
        .list({ server: name })
        .then((page) => {
          if (ticket === latest) tools.value = page.items;
        })
        .catch(() => {
          if (ticket === latest) failed.value = true;
        })
        .finally(() => {
          if (ticket === latest) loadingTools.value = false;
        });
    },
    { immediate: true },
  );

  return { servers, tools, loadingTools, failed };
}
