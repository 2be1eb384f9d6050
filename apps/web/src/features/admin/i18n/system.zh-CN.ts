import type { adminSystem as en } from './system.en';

/** Strings of the admin system page (admin.system.*). */
export const adminSystem: typeof en = {
  title: '系统',
  refresh: '刷新',
  health: '依赖服务',
  unhealthy: '有依赖服务不可用：健康检查返回了 503。',
  mode: '模式',
  modes: { embedded: '嵌入式（单进程）', distributed: '分布式（Redis 与工作进程）' },
  deps: { database: '数据库', redis: 'Redis', queue: '队列' },
  checks: { up: '正常', down: '故障', disabled: '未使用' },
  instances: '运行实例',
  instancesHint: '上报心跳的进程；连续 3 个周期未上报即视为下线。',
  noInstances: '还没有进程上报心跳。',
  instance: '实例',
  status: '状态',
  instanceStatus: { up: '在线', down: '下线' },
  agent: '智能体',
  version: '版本',
  host: '主机',
  uptime: '运行时长',
  active: '活动会话',
  memory: '内存',
  lastSeen: '最近心跳',
};
