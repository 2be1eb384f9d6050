import {
  DEFAULT_MCP_HEALTH_INTERVAL_MS,
  McpHealthScheduler,
  parseHealthInterval,
} from './mcp-health.scheduler';
import type { McpServerService } from './mcp-server.service';
import type { HttpAdapterHost } from '@nestjs/core';
import type { AppConfig } from '../../config/app-config';

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

  it('runs in the API process in both queue modes; off in a worker and when the interval is 0', () => {
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    const servers = { checkAll: jest.fn() } as unknown as McpServerService;
    const api = { httpAdapter: {} } as HttpAdapterHost;
    const worker = { httpAdapter: undefined } as unknown as HttpAdapterHost;
    for (const queueMode of ['inline', 'bullmq'] as const) {
      const s = new McpHealthScheduler({ queueMode, env: {} } as AppConfig, servers, api);
      s.onApplicationBootstrap();
      s.onModuleDestroy();
    }
    expect(setIntervalSpy).toHaveBeenCalledTimes(2);
    new McpHealthScheduler(
      { queueMode: 'bullmq', env: {} } as AppConfig,
      servers,
      worker,
    ).onApplicationBootstrap();
    const off = { queueMode: 'inline', env: { MCP_HEALTH_INTERVAL_MS: '0' } } as unknown as AppConfig;
    new McpHealthScheduler(off, servers, api).onApplicationBootstrap();
    expect(setIntervalSpy).toHaveBeenCalledTimes(2);
    setIntervalSpy.mockRestore();
  });
});
