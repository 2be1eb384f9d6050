import type { Role } from '@agenthub/contracts';
import type { RouteRecordRaw } from 'vue-router';

const meta = () => ({ roles: ['developer', 'admin'] as Role[], titleKey: 'knowledge.title' });

export const knowledgeRoutes: RouteRecordRaw[] = [
  {
    path: '/studio/knowledge',
    name: 'knowledge',
    component: () => import('./views/KnowledgeListView.vue'),
    meta: meta(),
  },
  {
    path: '/studio/knowledge/:id',
    name: 'knowledge-base',
    component: () => import('./views/KnowledgeBaseView.vue'),
    meta: meta(),
    props: true,
  },
];
