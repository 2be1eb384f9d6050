import type { mcpSnippetEn } from './mcp.en';

/** 智能体页面"在 Claude / Cursor 中使用"部分的简体中文文案。 */
export const mcpSnippetZhCN: typeof mcpSnippetEn = {
  title: '在 Claude / Cursor 中使用',
  intro:
    '这个智能体也是一个 MCP 工具：把下面的服务器加到 Claude Desktop、Cursor、VS Code 或其他 MCP 客户端，并使用你的一个 API 密钥。',
  installFirst: '请先安装该智能体：只有你库中的智能体才能作为工具使用。',
  url: '服务器地址',
  allAgents: '一次使用你库中的全部智能体：',
  legacySse: '只支持 SSE 传输的旧版客户端：',
  config: '客户端配置',
  apiKeysLink: '创建 API 密钥',
  copyUrl: '复制地址',
  copyConfig: '复制配置',
  continueHint: '每个回答都带有 conversationId：客户端把它传回即可继续同一段对话。',
};
