import { MemoryLoginAttemptStore } from './login-attempt.store';

describe('MemoryLoginAttemptStore', () => {
  it('counts within a window and starts over once it has passed', async () => {
    let now = 0;
    const store = new MemoryLoginAttemptStore(() => now);
    expect(await store.increment('k', 60)).toEqual({ count: 1, resetInSec: 60 });
    now = 30_000;
    expect(await store.increment('k', 60)).toEqual({ count: 2, resetInSec: 30 });
    expect(await store.get('k')).toEqual({ count: 2, resetInSec: 30 });
    now = 60_000;
    expect(await store.get('k')).toEqual({ count: 0, resetInSec: 0 });
    expect(await store.increment('k', 60)).toEqual({ count: 1, resetInSec: 60 });
  });

  it('clears a key and sweeps expired keys when it grows', async () => {
    let now = 0;
    const store = new MemoryLoginAttemptStore(() => now, 2);
    await store.increment('a', 1);
    await store.increment('b', 1);
    await store.clear('a');
    expect((await store.get('a')).count).toBe(0);
    now = 5_000;
    await store.increment('c', 1);
    await store.increment('d', 1);
    expect((store as unknown as { counters: Map<string, unknown> }).counters.has('b')).toBe(false);
  });
});
