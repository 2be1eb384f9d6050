import type { adminEn } from './en';
import { adminProviders } from './providers.zh-CN';
import { adminCategories } from './categories.zh-CN';
import { adminMcp } from './mcp.zh-CN';
import { adminNodeTypes } from './node-types.zh-CN';
import { adminReviews } from './reviews.zh-CN';
import { adminAudit } from './audit.zh-CN';
import { adminSystem } from './system.zh-CN';
import { adminTemplates } from './templates.zh-CN';
import { adminUsers } from './users.zh-CN';

/** Chinese admin console strings (same shape as the English ones). */
export const adminZhCN: typeof adminEn = {
  nav: {
    label: '管理控制台',
    nodeTypes: '节点类型',
    templates: '模板',
    reviews: '审核',
    providers: '服务提供方',
    mcp: 'MCP 服务器',
    categories: '分类',
    system: '系统',
    audit: '审计日志',
    users: '用户',
    pending: '{count} 个待审核',
  },
  users: adminUsers,
  nodeTypes: adminNodeTypes,
  templates: adminTemplates,
  reviews: adminReviews,
  providers: adminProviders,
  mcp: adminMcp,
  categories: adminCategories,
  system: adminSystem,
  audit: adminAudit,
};
