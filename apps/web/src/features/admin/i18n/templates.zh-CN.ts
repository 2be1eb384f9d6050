import type { adminTemplates as en } from './templates.en';

/** Strings of the admin workflow templates list (admin.templates.*). */
export const adminTemplates: typeof en = {
  title: '工作流模板',
  search: '搜索模板',
  status: '状态',
  allStatuses: '全部状态',
  statuses: { active: '已发布', draft: '草稿', deprecated: '已弃用' },
  name: '名称',
  version: '版本',
  category: '分类',
  usage: '使用次数',
  rating: '评分',
  publish: '发布',
  deprecate: '弃用',
  deprecateConfirm: '确定弃用 {name} 吗？开发者创建智能体时将看不到它；基于它构建的智能体仍可正常使用。',
  done: { active: '已发布 {name}', draft: '{name} 已改回草稿', deprecated: '已弃用 {name}' },
  stats: { instantiations: '实例化次数', agents: '智能体', chats: '会话' },
};
