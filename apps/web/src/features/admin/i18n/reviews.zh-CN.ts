import type { adminReviews as en } from './reviews.en';

/** Strings of the admin review queue (admin.reviews.*). */
export const adminReviews: typeof en = {
  title: '审核队列',
  empty: '没有等待审核的版本。',
  submitted: '提交于 {when}',
  checks: '自动检查',
  diff: '相对已发布版本的变化',
  firstVersion: '这是该智能体的第一个版本：没有可比较的已发布版本。',
  try: {
    title: '试用',
    user: '你',
    assistant: '智能体',
    placeholder: '向待审核版本发送消息',
    send: '发送',
  },
  approve: '通过',
  reject: '拒绝',
  approveTitle: '通过 {name} {version}',
  rejectTitle: '拒绝 {name} {version}',
  approveEffect: '该版本将被发布：商店和之后的每个新会话都将使用它。',
  rejectEffect: '该版本不会发布。开发者会看到你的理由，并可重新提交。',
  notes: '给开发者的备注（可选）',
  reason: '理由（开发者可见）',
  approved: '已通过并发布 {name}',
  rejected: '已拒绝 {name}',
};
