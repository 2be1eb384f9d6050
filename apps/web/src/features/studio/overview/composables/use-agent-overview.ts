import { computed, ref } from 'vue';
import type { AgentDetail, DraftSettingsRequest, UpdateAgentRequest } from '@agenthub/contracts';
import { agentsApi } from '@/api/agents.api';
import type { AgentDetails } from '../../home/components/AgentDetailsForm.vue';

export interface ModelParams {
  temperature: number | null;
  maxTokens: number | null;
  topP: number | null;
}

export interface OverviewForm {
  details: AgentDetails;
  nameZh: string;
  descriptionZh: string;
  systemPrompt: string;
  modelParams: ModelParams;
}

const MODEL_KEYS = ['temperature', 'maxTokens', 'topP'] as const;

export function toOverviewForm(agent: AgentDetail): OverviewForm {
  const overrides = agent.draft?.modelParamsOverride ?? {};
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    details: {
      name: agent.name,
      slug: agent.slug,
      icon: agent.icon ?? '',
      categoryId: agent.categoryId ?? '',
      tags: [...agent.tags],
      description: agent.description,
    },
    nameZh: agent.nameZh ?? '',
    descriptionZh: agent.descriptionZh ?? '',
    systemPrompt: agent.draft?.systemPrompt ?? '',
    modelParams: {
      temperature: num(overrides.temperature),
      maxTokens: num(overrides.maxTokens),
      topP: num(overrides.topP),
    },
  };
}

/** The agent fields that differ from what was loaded (empty optional texts become null). */
export function metadataChanges(before: OverviewForm, after: OverviewForm): UpdateAgentRequest {
  const out: UpdateAgentRequest = {};
  const a = after.details;
  const b = before.details;
  if (a.name.trim() !== b.name) out.name = a.name.trim();
  if (a.slug !== b.slug) out.slug = a.slug;
  if (a.icon.trim() !== b.icon) out.icon = a.icon.trim() || null;
  if (a.categoryId !== b.categoryId) out.categoryId = a.categoryId || null;
  if (a.tags.join('\n') !== b.tags.join('\n')) out.tags = a.tags;
  if (a.description !== b.description) out.description = a.description;
  if (after.nameZh.trim() !== before.nameZh) out.nameZh = after.nameZh.trim() || null;
  if (after.descriptionZh !== before.descriptionZh) out.descriptionZh = after.descriptionZh.trim() || null;
  return out;
}

/**
 * The draft settings that differ. Model parameters other than the three edited here (the contract
 * allows extra keys) are kept as they were.
 */
export function settingsChanges(
  before: OverviewForm,
  after: OverviewForm,
  storedOverrides: Record<string, unknown>,
): DraftSettingsRequest | null {
  const out: { systemPrompt?: string | null; modelParamsOverride?: Record<string, unknown> } = {};
  if (after.systemPrompt !== before.systemPrompt)
    out.systemPrompt = after.systemPrompt.trim() ? after.systemPrompt : null;
  if (MODEL_KEYS.some((k) => after.modelParams[k] !== before.modelParams[k])) {
    const next: Record<string, unknown> = { ...storedOverrides };
    for (const k of MODEL_KEYS) {
      if (after.modelParams[k] === null) delete next[k];
      else next[k] = after.modelParams[k];
    }
    out.modelParamsOverride = next;
  }
  return Object.keys(out).length ? (out as DraftSettingsRequest) : null;
}

/** Loads one agent for the Overview tab and saves what changed through the agent API. */
export function useAgentOverview(agentId: () => string) {
  const agent = ref<AgentDetail | null>(null);
  const loaded = ref<OverviewForm | null>(null);
  const form = ref<OverviewForm | null>(null);
  const loading = ref(false);
  const saving = ref(false);

  async function load() {
    loading.value = true;
    try {
      const detail = await agentsApi.get(agentId());
      agent.value = detail;
      loaded.value = toOverviewForm(detail);
      form.value = toOverviewForm(detail);
    } finally {
      loading.value = false;
    }
  }

  const dirty = computed(() => {
    if (!loaded.value || !form.value) return false;
    return (
      Object.keys(metadataChanges(loaded.value, form.value)).length > 0 ||
      settingsChanges(loaded.value, form.value, {}) !== null
    );
  });

  /**
   * Saves the metadata, then the settings; a failure leaves the form as typed. The settings carry
   * the draft revision they were loaded with, so a draft changed elsewhere (another tab, the
   * workflow editor) answers 412 instead of being overwritten — unless `overwrite` is set.
   */
  async function save(options: { overwrite?: boolean } = {}) {
    if (!agent.value || !loaded.value || !form.value) return;
    saving.value = true;
    try {
      const meta = metadataChanges(loaded.value, form.value);
      const settings = settingsChanges(
        loaded.value,
        form.value,
        agent.value.draft?.modelParamsOverride ?? {},
      );
      let next = agent.value;
      if (Object.keys(meta).length) {
        next = await agentsApi.update(next.id, meta);
        // Kept even if the settings fail next, so a retry does not send the metadata again.
        agent.value = next;
        loaded.value = toOverviewForm(next);
      }
      if (settings) {
        const revision = options.overwrite ? undefined : next.draft?.revision;
        const saved = await agentsApi.saveSettings(next.id, settings, revision);
        next = { ...next, draft: saved.draft };
      }
      agent.value = next;
      loaded.value = toOverviewForm(next);
      form.value = toOverviewForm(next);
    } finally {
      saving.value = false;
    }
  }

  function reset() {
    if (loaded.value) form.value = structuredClone(loaded.value);
  }

  return { agent, form, loading, saving, dirty, load, save, reset };
}
