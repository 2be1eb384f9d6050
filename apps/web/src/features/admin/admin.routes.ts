import type { RouteRecordRaw } from 'vue-router';

/**
 * The admin console: one layout, a child route per area (`node-types/`, `templates/`,
 * `providers/`, `mcp-servers/`, `categories/`, `system/`, `audit/`, `reviews/`, `users/`). Every child inherits `roles: ['admin']`.
 */
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    component: () => import('./AdminLayout.vue'),
    meta: { roles: ['admin'] },
    children: [
      { path: '', redirect: { name: 'admin-users' } },
      {
        path: 'users',
        name: 'admin-users',
        component: () => import('./users/views/AdminUsersView.vue'),
        meta: { titleKey: 'admin.users.title' },
      },
      {
        path: 'node-types',
        name: 'admin-node-types',
        component: () => import('./node-types/views/NodeTypesView.vue'),
        meta: { titleKey: 'admin.nodeTypes.title' },
      },
      {
        path: 'node-types/new',
        name: 'admin-node-type-new',
        component: () => import('./node-types/views/NodeTypeEditView.vue'),
        meta: { titleKey: 'admin.nodeTypes.create' },
      },
      {
        path: 'node-types/:type',
        name: 'admin-node-type-edit',
        component: () => import('./node-types/views/NodeTypeEditView.vue'),
        props: true,
        meta: { titleKey: 'admin.nodeTypes.title' },
      },
      {
        path: 'templates',
        name: 'admin-templates',
        component: () => import('./templates/views/AdminTemplatesView.vue'),
        meta: { titleKey: 'admin.templates.title' },
      },
      {
        path: 'templates/new',
        name: 'admin-template-new',
        component: () => import('./templates/views/TemplateNewView.vue'),
        meta: { titleKey: 'admin.templates.editor.newTitle' },
      },
      {
        path: 'templates/:id',
        name: 'admin-template-edit',
        component: () => import('./templates/views/TemplateEditView.vue'),
        props: true,
        meta: { titleKey: 'admin.templates.title' },
      },
      {
        path: 'providers',
        alias: 'service-configs',
        name: 'admin-providers',
        component: () => import('./providers/views/AdminProvidersView.vue'),
        meta: { titleKey: 'admin.providers.title' },
      },
      {
        path: 'mcp-servers',
        name: 'admin-mcp-servers',
        component: () => import('./mcp-servers/views/AdminMcpServersView.vue'),
        meta: { titleKey: 'admin.mcp.title' },
      },
      {
        path: 'categories',
        name: 'admin-categories',
        component: () => import('./categories/views/AdminCategoriesView.vue'),
        meta: { titleKey: 'admin.categories.title' },
      },
      {
        path: 'system',
        name: 'admin-system',
        component: () => import('./system/views/AdminSystemView.vue'),
        meta: { titleKey: 'admin.system.title' },
      },
      {
        path: 'audit',
        name: 'admin-audit',
        component: () => import('./audit/views/AdminAuditView.vue'),
        meta: { titleKey: 'admin.audit.title' },
      },
      {
        path: 'reviews',
        name: 'admin-reviews',
        component: () => import('./reviews/views/AdminReviewsView.vue'),
        meta: { titleKey: 'admin.reviews.title' },
      },
    ],
  },
];
