import {
  DEFAULT_MCP_HEALTH_INTERVAL_MS,
  McpHealthScheduler,
  parseHealthInterval,
} from './mcp-health.scheduler';
import type { McpServerService } from './mcp-server.service';
import type { AppConfig } from '../../config/app-config';
import type { RunQueue } from '../../queue/run-queue.port';

describe('McpHealthScheduler', () => {
  it('parses the interval: default, 0 = off, garbage refused', () => {
    expect(parseHealthInterval(undefined)).toBe(DEFAULT_MCP_HEALTH_INTERVAL_MS);
    expect(parseHealthInterval('0')).toBe(0);
    expect(parseHealthInterval('60000')).toBe(60000);
    expect(() => parseHealthInterval('5m')).toThrow(/MCP_HEALTH_INTERVAL_MS/);
  });

  it('never runs two rounds at once', async () => {
    let release!: () => void;
    const checkAll = jest
      .fn<Promise<number>, []>()
      .mockImplementationOnce(() => new Promise<number>((r) => (release = () => r(0))))
      .mockResolvedValue(0);
    const scheduler = new McpHealthScheduler(
      { queueMode: 'inline', env: {} } as AppConfig,
      { checkAll } as unknown as McpServerService,
    );
    const first = scheduler.tick();
    await scheduler.tick();
    expect(checkAll).toHaveBeenCalledTimes(1);
    release();
    await first;
    await scheduler.tick();
    expect(checkAll).toHaveBeenCalledTimes(2);
  });

  it('registers the mcpHealth periodic job with the run queue at module init (0 = off, still registered)', () => {
    const servers = { checkAll: jest.fn().mockResolvedValue(0) } as unknown as McpServerService;
    const onPeriodic = jest.fn();
    const queue = { onPeriodic } as unknown as RunQueue;
    new McpHealthScheduler({ env: {} } as unknown as AppConfig, servers, queue).onModuleInit();
    const off = { env: { MCP_HEALTH_INTERVAL_MS: '0' } } as unknown as AppConfig;
    new McpHealthScheduler(off, servers, queue).onModuleInit();
    expect(onPeriodic.mock.calls.map(([job, every]) => [job, every])).toEqual([
      ['mcpHealth', DEFAULT_MCP_HEALTH_INTERVAL_MS],
      ['mcpHealth', 0],
    ]);
    const bad = { env: { MCP_HEALTH_INTERVAL_MS: 'often' } } as unknown as AppConfig;
    expect(() => new McpHealthScheduler(bad, servers, queue).onModuleInit()).toThrow(
      /MCP_HEALTH_INTERVAL_MS/,
    );
  });

  it('its registered task runs one round', async () => {
    const checkAll = jest.fn().mockResolvedValue(0);
    let task: (() => Promise<void>) | undefined;
    const queue = { onPeriodic: (_job: string, _every: number, t: () => Promise<void>) => (task = t) };
    new McpHealthScheduler(
      { env: {} } as unknown as AppConfig,
      { checkAll } as unknown as McpServerService,
      queue as unknown as RunQueue,
    ).onModuleInit();
    await task!();
    expect(checkAll).toHaveBeenCalledTimes(1);
  });
});
