import type { RouteRecordRaw } from 'vue-router';

const studioMeta = { roles: ['developer', 'admin'] as const, titleKey: 'nav.studio' };

/**
 * The Studio: `home/` (agent list, new-agent flows), `editor/` (the agent editor shell, the
 * workflow canvas, node drawer and schema form — reused by the admin console), `overview/`
 * (the agent's metadata tab), `test/` (the Test tab: test conversation, live node states, run
 * trace, recent runs), `versions/` (history, diffs, restore, deprecate), `publish/` (version
 * suggestion, changelog, review checks), `analytics/` (use figures and charts).
 */
export const studioRoutes: RouteRecordRaw[] = [
  {
    path: '/studio',
    name: 'studio',
    component: () => import('./home/views/StudioHomeView.vue'),
    meta: { ...studioMeta, roles: [...studioMeta.roles] },
  },
  {
    path: '/studio/new',
    name: 'studio-new',
    component: () => import('./home/views/NewAgentView.vue'),
    meta: { ...studioMeta, roles: [...studioMeta.roles] },
  },
  {
    path: '/studio/service-configs',
    name: 'studio-service-configs',
    component: () => import('@/features/service-configs/views/MyServiceConfigsView.vue'),
    meta: { ...studioMeta, roles: [...studioMeta.roles], titleKey: 'serviceConfigs.myTitle' },
  },
  {
    path: '/studio/agents/:id',
    component: () => import('./editor/views/AgentEditorView.vue'),
    meta: { ...studioMeta, roles: [...studioMeta.roles] },
    props: true,
    children: [
      { path: '', name: 'studio-agent', redirect: { name: 'studio-agent-workflow' } },
      {
        path: 'overview',
        name: 'studio-agent-overview',
        component: () => import('./overview/views/AgentOverviewTab.vue'),
      },
      {
        path: 'workflow',
        name: 'studio-agent-workflow',
        component: () => import('./editor/views/WorkflowTab.vue'),
      },
      {
        path: 'test',
        name: 'studio-agent-test',
        component: () => import('./test/views/TestTab.vue'),
      },
      {
        path: 'versions',
        name: 'studio-agent-versions',
        component: () => import('./versions/views/VersionsTab.vue'),
      },
      {
        path: 'publish',
        name: 'studio-agent-publish',
        component: () => import('./publish/views/PublishTab.vue'),
      },
      {
        // Lazy: ECharts (vue-echarts) loads only with this tab.
        path: 'analytics',
        name: 'studio-agent-analytics',
        component: () => import('./analytics/views/AgentAnalyticsTab.vue'),
      },
    ],
  },
];
