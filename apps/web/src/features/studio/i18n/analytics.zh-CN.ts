import type { studioAnalytics as en } from './analytics.en';

/** Studio 分析标签页的文案（studio.analytics.*）。 */
export const studioAnalytics: typeof en = {
  title: '分析',
  range: '时间范围',
  lastDays: '最近 {n} 天',
  hint: '已发布智能体每天（UTC）的使用情况。不统计草稿测试运行。',
  totals: {
    installs: '安装',
    activeUsers: '活跃用户',
    chats: '对话',
    messages: '消息',
    runs: '运行',
    errorRate: '错误率',
    p50: '中位时长',
    p95: 'p95 时长',
    tokens: '令牌',
    cost: '费用',
    rating: '评分（人数）',
  },
  charts: {
    usage: '使用情况',
    runs: '按状态的运行',
    duration: '运行时长（毫秒）',
    tokens: '令牌',
  },
  series: {
    activeUsers: '活跃用户',
    chats: '对话',
    messages: '消息',
    installs: '安装',
    completed: '已完成',
    failed: '失败',
    cancelled: '已取消',
    paused: '已暂停',
    running: '运行中',
    queued: '排队中',
    p50: '中位数',
    p95: 'p95',
    promptTokens: '输入',
    completionTokens: '输出',
  },
};
