import type { AuthUser } from '../common/auth.decorators';
import type { RuntimeInstanceEntity } from './runtime-instance.entity';
import type { RuntimeInstanceRepository } from './runtime-instance.repository';
import { RuntimeInstanceService } from './runtime-instance.service';

const now = new Date('2026-01-01T00:10:00Z');
const row = (over: Partial<RuntimeInstanceEntity> = {}): RuntimeInstanceEntity => ({
  id: '00000000-0000-4000-8000-000000000001',
  ownerId: 'u1',
  instanceId: 'a',
  apiKeyId: 'k1',
  agentSlug: null,
  version: '1.0.0',
  host: 'h',
  uptimeSec: 1,
  activeSessions: 0,
  memoryMb: 10,
  intervalSec: 30,
  firstSeenAt: now,
  lastSeenAt: new Date(now.getTime() - 120_000),
  ...over,
});
const user = (
  roles: AuthUser['roles'],
  via: AuthUser['via'] = { kind: 'api_key', apiKeyId: 'k1' },
): AuthUser => ({
  id: 'u1',
  email: 'u1@example.test',
  displayName: 'U1',
  roles,
  via,
});

describe('RuntimeInstanceService', () => {
  const repo = { recordHeartbeat: jest.fn(), listPage: jest.fn() };
  const service = new RuntimeInstanceService(repo as unknown as RuntimeInstanceRepository, () => now);
  beforeEach(() => jest.resetAllMocks());

  const beat = {
    instanceId: 'a',
    version: '1',
    host: 'h',
    uptimeSec: 1,
    activeSessions: 0,
    memoryMb: 1,
    intervalSec: 30,
  };

  it('records beats sent with an API key under its owner and key', async () => {
    repo.recordHeartbeat.mockResolvedValue(row({ lastSeenAt: now }));
    const dto = await service.heartbeat(user(['developer']), beat);
    expect(repo.recordHeartbeat).toHaveBeenCalledWith('u1', 'k1', beat);
    expect(dto.status).toBe('up');
  });

  it('refuses beats sent with an access token', async () => {
    await expect(
      service.heartbeat(user(['developer'], { kind: 'access_token' }), beat),
    ).rejects.toMatchObject({
      status: 403,
      code: 'api_key_required',
    });
    expect(repo.recordHeartbeat).not.toHaveBeenCalled();
  });

  it('scopes developers to their own instances and lets admins filter by owner', async () => {
    repo.listPage.mockResolvedValue({ items: [row()], total: 1, page: 1, pageSize: 20 });
    const page = await service.list(user(['developer']), { page: 1, pageSize: 20, ownerId: 'someone-else' });
    expect(repo.listPage).toHaveBeenLastCalledWith('u1', expect.anything());
    expect(page.items[0].status).toBe('down'); // 120 s silent > 3 × 30 s
    await service.list(user(['admin']), { page: 1, pageSize: 20, ownerId: 'u2' });
    expect(repo.listPage).toHaveBeenLastCalledWith('u2', expect.anything());
    await service.list(user(['admin']), { page: 1, pageSize: 20 });
    expect(repo.listPage).toHaveBeenLastCalledWith(null, expect.anything());
  });
});
