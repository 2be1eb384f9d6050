import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OutboundPolicy } from '@agenthub/contracts';
import type { SsrfOptions } from '@agenthub/engine';
import type { AuthUser } from '../../common/auth.decorators.js';
import type { RequestMeta } from '../../common/request-meta.decorator.js';
import { AppConfig } from '../../config/app-config.js';
import { AuditService } from '../../identity/audit.service.js';
import { PlatformSettingRepository } from './platform-setting.repository.js';

const ALLOW_HOSTS_KEY = 'outbound.allow_hosts';
/**
 * How long a process trusts its copy of the admin list. A change is applied at once in the
 * process that saved it and within this time in every other replica and worker.
 */
const CACHE_TTL_MS = 5_000;

interface Loaded {
  at: number;
  allowHosts: string[];
  updatedAt: Date | null;
  /** What the engine's URL guard receives; the same object until the list changes. */
  ssrf: SsrfOptions;
}

/**
 * The outbound network rule every user-configured URL goes through (HTTP nodes, MCP servers,
 * provider base URLs): `ALLOW_PRIVATE_NETWORK`, plus exceptions from `OUTBOUND_ALLOW_HOSTS` and from
 * the admin setting, passed to the engine's `allowedHosts` option. Redirects are re-checked per hop
 * by the engine with the same options.
 */
@Injectable()
export class OutboundPolicyService {
  private loaded?: Promise<Loaded>;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly settings: PlatformSettingRepository,
    private readonly audit: AuditService,
  ) {}

  /** The SSRF options in force now (cached for a few seconds). */
  async ssrfOptions(): Promise<SsrfOptions> {
    return (await this.current()).ssrf;
  }

  async get(): Promise<OutboundPolicy> {
    const l = await this.current();
    return {
      allowHosts: l.allowHosts,
      envAllowHosts: this.config.outboundAllowHosts,
      allowPrivateNetwork: this.config.allowPrivateNetwork,
      updatedAt: l.updatedAt?.toISOString() ?? null,
    };
  }

  async update(allowHosts: string[], user: AuthUser, meta: RequestMeta): Promise<OutboundPolicy> {
    const hosts = [...new Set(allowHosts)];
    await this.dataSource.transaction(async (manager) => {
      await this.settings.saveValue(ALLOW_HOSTS_KEY, hosts, user.id, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'outbound_policy.updated',
          targetType: 'platform_setting',
          targetId: null,
          metadata: { allowHosts: hosts },
          ...meta,
        },
        manager,
      );
    });
    this.loaded = undefined;
    return this.get();
  }

  private current(): Promise<Loaded> {
    const now = Date.now();
    const cached = this.loaded;
    if (cached) {
      return cached.then((l) => (now - l.at < CACHE_TTL_MS ? l : this.reload(l)));
    }
    return this.reload();
  }

  private reload(previous?: Loaded): Promise<Loaded> {
    const next = this.load(previous);
    // A failed load must not be cached.
    next.catch(() => (this.loaded = undefined));
    this.loaded = next;
    return next;
  }

  private async load(previous?: Loaded): Promise<Loaded> {
    const row = await this.settings.findByKey(ALLOW_HOSTS_KEY);
    const allowHosts = Array.isArray(row?.value) ? (row.value as unknown[]).map(String) : [];
    const same =
      previous &&
      previous.allowHosts.length === allowHosts.length &&
      previous.allowHosts.every((h, i) => h === allowHosts[i]);
    const ssrf: SsrfOptions =
      same && previous
        ? previous.ssrf
        : {
            allowPrivateNetwork: this.config.allowPrivateNetwork,
            allowedHosts: [...this.config.outboundAllowHosts, ...allowHosts],
          };
    return { at: Date.now(), allowHosts, updatedAt: row?.updatedAt ?? null, ssrf };
  }
}
