import type { adminAudit as en } from './audit.en';

/** 管理后台审计日志页的文案（admin.audit.*）。 */
export const adminAudit: typeof en = {
  title: '审计日志',
  hint: '管理与发布操作，最新的在前。密钥值已隐去。',
  action: '操作',
  actor: '操作者',
  actorPlaceholder: '用户 ID',
  resourceType: '资源类型',
  resourceId: '资源 ID',
  resource: '资源',
  time: '时间',
  from: '开始',
  to: '结束',
  search: '搜索',
  reset: '重置',
  empty: '没有匹配的记录。',
  details: '详情',
  before: '变更前',
  after: '变更后',
  metadata: '详情',
  when: '时间',
  system: '系统',
  ip: 'IP',
};
