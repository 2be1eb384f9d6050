import { retryWithBackoff } from './retry.util';

const logger = { warn: jest.fn() };

describe('retryWithBackoff', () => {
  it('retries until the call succeeds, logging each failure', async () => {
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        calls++;
        if (calls < 3) throw new Error('connection refused');
        return 'ok';
      },
      { what: 'Saving', logger, initialDelayMs: 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('Saving failed (attempt 2'));
  });

  it('gives up with the last error after giveUpAfterMs', async () => {
    await expect(
      retryWithBackoff(() => Promise.reject(new Error('still down')), {
        what: 'Saving',
        logger,
        initialDelayMs: 5,
        giveUpAfterMs: 30,
      }),
    ).rejects.toThrow('still down');
  });

  it('rethrows at once an error retryIf refuses', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        () => {
          calls++;
          return Promise.reject(new Error('not found'));
        },
        { what: 'Reading', logger, initialDelayMs: 1, retryIf: () => false },
      ),
    ).rejects.toThrow('not found');
    expect(calls).toBe(1);
  });

  it('stops at once when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await expect(
      retryWithBackoff(
        () => {
          calls++;
          return Promise.reject(new Error('down'));
        },
        { what: 'Saving', logger, signal: controller.signal },
      ),
    ).rejects.toThrow('down');
    expect(calls).toBe(1);
  });
});
