import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { InstallState, StoreAgentDetail } from '@agenthub/contracts';
import { useAgentPageStore } from './agent-page.store';
import { storeApi } from '@/api/store.api';
import { ApiError } from '@/api/api-error';

const detail = (over: Partial<StoreAgentDetail> = {}): StoreAgentDetail => ({
  id: '0a008692-7885-4572-a414-ddd74a132c3f',
  slug: 'support-bot',
  name: 'Support bot',
  nameZh: '智能客服助手',
  description: 'Answers questions.',
  descriptionZh: null,
  icon: 'headset',
  tags: ['faq'],
  category: null,
  developer: { id: '1c2d8d10-2015-4e24-816b-de371ba43653', displayName: 'Demo' },
  installCount: 7,
  ratingAvg: 0,
  ratingCount: 0,
  ratingScore: 3,
  latestVersion: '1.0.0',
  publishedAt: '2026-01-01T00:00:00.000Z',
  installed: false,
  versions: [],
  ratingSummary: { average: 0, count: 0, histogram: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
  myRating: null,
  canRate: false,
  ...over,
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('agent page store: install toggle', () => {
  beforeEach(() => setActivePinia(createPinia()));

  async function loaded(over: Partial<StoreAgentDetail> = {}) {
    vi.spyOn(storeApi, 'detail').mockResolvedValue(detail(over));
    const store = useAgentPageStore();
    await store.load('support-bot');
    return store;
  }

  it('shows the agent installed at once, then keeps the server state', async () => {
    const store = await loaded();
    const answer = deferred<InstallState>();
    vi.spyOn(storeApi, 'install').mockReturnValue(answer.promise);

    const done = store.toggleInstall();
    expect(store.agent).toMatchObject({ installed: true, installCount: 8 });
    expect(store.installBusy).toBe(true);

    answer.resolve({ agentId: detail().id, installed: true, installedAt: 'now', installCount: 9 });
    await expect(done).resolves.toBe(true);
    expect(store.agent).toMatchObject({ installed: true, installCount: 9 });
    expect(store.installBusy).toBe(false);
  });

  it('rolls the install back and rethrows when the API refuses', async () => {
    const store = await loaded();
    const answer = deferred<InstallState>();
    vi.spyOn(storeApi, 'install').mockReturnValue(answer.promise);

    const done = store.toggleInstall();
    expect(store.agent?.installed).toBe(true);
    answer.reject(new ApiError({ status: 404, code: 'not_found', message: 'Agent not found' }));

    await expect(done).rejects.toMatchObject({ code: 'not_found' });
    expect(store.agent).toMatchObject({ installed: false, installCount: 7 });
    expect(store.installBusy).toBe(false);
  });

  it('rolls an uninstall back when the network fails', async () => {
    const store = await loaded({ installed: true, installCount: 3 });
    vi.spyOn(storeApi, 'uninstall').mockRejectedValue(
      new ApiError({ status: 0, code: 'network_error', message: 'offline' }),
    );

    await expect(store.toggleInstall()).rejects.toBeInstanceOf(ApiError);
    expect(store.agent).toMatchObject({ installed: true, installCount: 3 });
  });

  it('ignores a second click while the first one is in flight', async () => {
    const store = await loaded();
    const install = vi.spyOn(storeApi, 'install').mockReturnValue(new Promise(() => undefined));
    void store.toggleInstall();
    await expect(store.toggleInstall()).resolves.toBeUndefined();
    expect(install).toHaveBeenCalledTimes(1);
    expect(store.agent?.installed).toBe(true);
  });
});
