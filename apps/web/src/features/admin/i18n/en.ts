import { adminProviders } from './providers.en';
import { adminCategories } from './categories.en';
import { adminMcp } from './mcp.en';
import { adminNodeTypes } from './node-types.en';
import { adminReviews } from './reviews.en';
import { adminAudit } from './audit.en';
import { adminSystem } from './system.en';
import { adminTemplates } from './templates.en';
import { adminUsers } from './users.en';

/** English admin console strings (admin.*), one file per area. */
export const adminEn = {
  nav: {
    label: 'Admin console',
    nodeTypes: 'Node types',
    templates: 'Templates',
    reviews: 'Reviews',
    providers: 'Providers',
    mcp: 'MCP servers',
    categories: 'Categories',
    system: 'System',
    audit: 'Audit log',
    users: 'Users',
    pending: '{count} pending',
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
