import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { AgentRating, RateAgentRequest, StoreAgentDetail } from '@agenthub/contracts';
import { storeApi } from '@/api/store.api';

export const REVIEWS_PAGE_SIZE = 5;

/** One agent's store page: details, install state, ratings and reviews. */
export const useAgentPageStore = defineStore('store-agent-page', () => {
  const agent = ref<StoreAgentDetail | null>(null);
  const loading = ref(false);
  const reviews = ref<AgentRating[]>([]);
  const reviewsTotal = ref(0);
  const reviewsPage = ref(1);
  const reviewsLoading = ref(false);
  const installBusy = ref(false);
  let latest = 0;

  async function load(idOrSlug: string) {
    const ticket = ++latest;
    loading.value = true;
    if (agent.value && agent.value.slug !== idOrSlug && agent.value.id !== idOrSlug) agent.value = null;
    try {
      const detail = await storeApi.detail(idOrSlug);
      if (ticket !== latest) return;
      agent.value = detail;
      reviews.value = [];
      reviewsTotal.value = 0;
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  /** Re-reads the details in place (after an install or a rating changed the totals). */
  async function refresh() {
    const current = agent.value;
    if (!current) return;
    const detail = await storeApi.detail(current.id);
    if (agent.value?.id === detail.id) agent.value = detail;
  }

  async function loadReviews(page = 1) {
    const current = agent.value;
    if (!current) return;
    reviewsLoading.value = true;
    try {
      const result = await storeApi.ratings(current.id, { page, pageSize: REVIEWS_PAGE_SIZE });
      if (agent.value?.id !== current.id) return;
      reviews.value = result.items;
      reviewsTotal.value = result.total;
      reviewsPage.value = result.page;
    } finally {
      reviewsLoading.value = false;
    }
  }

  /**
   * Installs or uninstalls at once on screen (optimistic) and puts the previous state back if
   * the API refuses, rethrowing so the page can say why.
   */
  async function toggleInstall(): Promise<boolean | undefined> {
    const current = agent.value;
    if (!current || installBusy.value) return undefined;
    const before = { installed: current.installed, installCount: current.installCount };
    const install = !current.installed;
    current.installed = install;
    current.installCount = Math.max(0, current.installCount + (install ? 1 : -1));
    installBusy.value = true;
    try {
      const state = install ? await storeApi.install(current.id) : await storeApi.uninstall(current.id);
      current.installed = state.installed;
      current.installCount = state.installCount;
      // Installing may make the agent rateable; the server decides.
      void refresh().catch(() => undefined);
      return state.installed;
    } catch (err) {
      Object.assign(current, before);
      throw err;
    } finally {
      installBusy.value = false;
    }
  }

  async function rate(body: RateAgentRequest) {
    const current = agent.value;
    if (!current) return;
    await storeApi.rate(current.id, body);
    await Promise.all([refresh(), loadReviews(1)]);
  }

  return {
    agent,
    loading,
    reviews,
    reviewsTotal,
    reviewsPage,
    reviewsLoading,
    installBusy,
    load,
    refresh,
    loadReviews,
    toggleInstall,
    rate,
  };
});
