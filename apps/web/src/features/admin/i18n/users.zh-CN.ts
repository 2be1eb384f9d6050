import type { adminUsers as en } from './users.en';

/** Strings of the admin users page (admin.users.*). */
export const adminUsers: typeof en = {
  title: '用户',
  search: '按邮箱或名称搜索',
  roleFilter: '角色',
  allRoles: '全部角色',
  email: '邮箱',
  displayName: '名称',
  roles: '角色',
  status: '状态',
  created: '创建时间',
  actions: '操作',
  active: '正常',
  disabled: '已停用',
  editRoles: '编辑角色',
  disable: '停用',
  enable: '启用',
  empty: '没有匹配的用户。',
  rolesTitle: '{name} 的角色',
  rolesSaved: '已更新 {name} 的角色',
  disableConfirm: '确定停用 {name} 吗？其会话和 API 密钥将立即失效。',
  disabledDone: '已停用 {name}',
  enabledDone: '已启用 {name}',
  atLeastOneRole: '请至少选择一个角色',
};
