/** English strings of the agent page's "Use in Claude / Cursor" section. */
export const mcpSnippetEn = {
  title: 'Use in Claude / Cursor',
  intro:
    'This agent is also an MCP tool: add the server below to Claude Desktop, Cursor, VS Code or any other MCP client, with one of your API keys.',
  installFirst: 'Install the agent first: only agents in your library are available as tools.',
  url: 'Server URL',
  allAgents: 'All the agents in your library at once:',
  legacySse: 'Older clients that only speak the SSE transport:',
  config: 'Client configuration',
  apiKeysLink: 'Create an API key',
  copyUrl: 'Copy URL',
  copyConfig: 'Copy configuration',
  continueHint:
    'Each answer comes with a conversationId: the client passes it back to continue the same conversation.',
};
