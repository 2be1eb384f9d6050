import { computed, ref, shallowRef } from 'vue';
import type { AgentDetail, AgentVersion } from '@agenthub/contracts';
import { agentsApi } from '@/api/agents.api';
import { agentVersionsApi } from '@/api/agent-versions.api';

/**
 * One agent's versions as the Versions and Publish tabs need them: the submitted versions
 * (highest first), the agent (its draft and the version it serves), and the last published one.
 */
export function useAgentVersions(agentId: () => string) {
  const agent = shallowRef<AgentDetail | null>(null);
  const versions = ref<AgentVersion[]>([]);
  const loading = ref(false);

  async function load() {
    loading.value = true;
    try {
      const [detail, list] = await Promise.all([agentsApi.get(agentId()), agentVersionsApi.list(agentId())]);
      agent.value = detail;
      versions.value = list.items;
    } finally {
      loading.value = false;
    }
  }

  /** The version the agent serves (the comparison base of a publish), else null. */
  const lastPublished = computed(
    () => versions.value.find((v) => v.id === agent.value?.currentVersionId) ?? null,
  );
  const pending = computed(() => versions.value.find((v) => v.reviewStatus === 'pending_review') ?? null);
  const numbers = computed(() => versions.value.map((v) => v.version!).filter(Boolean));
  const hasDraft = computed(() => agent.value?.draft != null);

  return { agent, versions, loading, load, lastPublished, pending, numbers, hasDraft };
}
