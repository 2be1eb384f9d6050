import type { studioOverview as en } from './overview.en';

/** Strings of the agent's Overview tab (studio.overview.*). */
export const studioOverview: typeof en = {
  title: '概览',
  metadata: '智能体信息',
  translations: '中文商店信息',
  nameZh: '名称（中文）',
  descriptionZh: '描述（中文）',
  behaviour: '行为',
  systemPrompt: '系统提示词',
  systemPromptHelp: '在对话之前发送给工作流中的每次模型调用。',
  systemPromptPlaceholder: '例如：你是一个简洁、友好的助手。',
  modelParams: '模型参数覆盖',
  modelParamsHelp: '留空则使用模型自身的设置。',
  temperature: '温度',
  maxTokens: '最大令牌数',
  topP: 'Top P',
  markdownWrite: '编辑',
  markdownPreview: '预览',
  markdownEmpty: '暂无可预览的内容。',
  conflictTitle: '草稿已在别处被修改',
  conflict:
    '在你打开之后，有人（或另一个标签页、工作流编辑器）保存了这个智能体的草稿。重新加载以查看对方的版本（此处未保存的修改将丢失），或用你的设置覆盖。',
  reloadTheirs: '加载对方的版本',
  overwrite: '用我的覆盖',
  save: '保存',
  saved: '已保存',
  reset: '放弃修改',
  unsaved: '有未保存的修改',
  loadFailed: '无法加载智能体：{message}',
  noDraft: '此智能体还没有可编辑的草稿；保存设置时会从最新版本创建草稿。',
};
