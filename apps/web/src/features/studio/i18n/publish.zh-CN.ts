import type { studioPublish as en } from './publish.en';

/** 发布标签页与审核检查的文案（studio.publish.*）。 */
export const studioPublish: typeof en = {
  title: '发布',
  version: '版本号',
  suggested: '建议：{version}（{reason}）',
  bump: {
    major: '删除了节点或输入',
    minor: '新增了节点',
    patch: '只修改了设置或连线',
    first: '首个发布版本',
  },
  problem: {
    required: '请输入版本号。',
    invalid: '请使用语义化版本号，例如 1.0.0（主版本.次版本.修订号，不带“v”）。',
    notGreater: '版本号必须大于之前的所有版本。',
  },
  changelog: '更新说明',
  changelogPlaceholder: '这次更新对使用者有什么变化？',
  changelogRequired: '必须填写更新说明。',
  submit: '发布',
  nothing: '没有可发布的内容：自上次提交以来草稿没有变化。',
  pendingBlocks: '版本 {version} 正在等待管理员审核；审核完成后再发布。',
  changes: '相对已发布版本的变化',
  outcome: {
    draft: '{version} 是草稿',
    pending_review: '{version} 已通过自动检查，正在等待管理员审核',
    published: '{version} 已发布',
    rejected: '{version} 被拒绝',
    deprecated: '{version} 已弃用',
  },
  checks: {
    title: '自动审核检查',
    notYet: '发布时会运行这些检查。',
    validation: '工作流校验',
    secrets: '密钥扫描',
    exposure: '个人配置对他人暴露',
    running: '运行中…',
    passed: '通过',
    failed: '未通过',
    showNode: '查看节点 {id}',
  },
};
