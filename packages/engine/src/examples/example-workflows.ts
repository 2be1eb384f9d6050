import type { WorkflowDefinitionInput } from '@agenthub/contracts';

/**
 * One workflow per seeded pattern. Used by the end-to-end tests and the README, and meant as
 * the API's seed data for templates and demo agents (they run on the offline demo model too).
 */

/** Router: a classifier picks a label; a switch edge sends the question to a specialist. */
export const ROUTER_WORKFLOW: WorkflowDefinitionInput = {
  schemaVersion: 1,
  entry: 'classify',
  variables: { tone: { type: 'string', default: 'friendly' } },
  nodes: [
    {
      id: 'classify',
      type: 'classifier',
      config: { labels: ['tech', 'billing', 'other'], prompt: '{{input}}', default: 'other' },
    },
    {
      id: 'tech',
      type: 'llm',
      config: { system: 'You are a {{vars.tone}} senior engineer.', prompt: '{{input}}', stream: true },
    },
    {
      id: 'billing',
      type: 'llm',
      config: { system: 'You are a {{vars.tone}} billing specialist.', prompt: '{{input}}', stream: true },
    },
    { id: 'other', type: 'answer', config: { text: 'I can help with tech or billing questions.' } },
  ],
  edges: [
    {
      from: 'classify',
      type: 'conditional',
      condition: { kind: 'switch', path: 'nodes.classify.output' },
      mapping: { tech: 'tech', billing: 'billing' },
      default: 'other',
    },
    { from: 'tech', to: '__end__' },
    { from: 'billing', to: '__end__' },
    { from: 'other', to: '__end__' },
  ],
};

/** Tool-using agent: a tool-calling loop over the tools of one MCP server. */
export const TOOL_AGENT_WORKFLOW: WorkflowDefinitionInput = {
  schemaVersion: 1,
  entry: 'agent',
  nodes: [
    {
      id: 'agent',
      type: 'agent',
      config: {
        system: 'Use the tools when they help. Answer briefly.',
        prompt: '{{input}}',
        tools: [{ server: 'tools' }],
        maxIterations: 5,
        stream: true,
      },
    },
  ],
  edges: [{ from: 'agent', to: '__end__' }],
};

/** Fan-out code review: three reviewers run in parallel, a summary waits for all of them. */
export const CODE_REVIEW_WORKFLOW: WorkflowDefinitionInput = {
  schemaVersion: 1,
  entry: 'intake',
  nodes: [
    { id: 'intake', type: 'template', config: { template: 'Code under review:\n{{input}}' } },
    {
      id: 'style',
      type: 'llm',
      config: {
        system: 'You review code style.',
        prompt: 'Style review of:\n{{nodes.intake.output}}',
        history: false,
      },
    },
    {
      id: 'security',
      type: 'llm',
      config: {
        system: 'You review security.',
        prompt: 'Security review of:\n{{nodes.intake.output}}',
        history: false,
      },
    },
    {
      id: 'tests',
      type: 'llm',
      config: {
        system: 'You review test coverage.',
        prompt: 'Test review of:\n{{nodes.intake.output}}',
        history: false,
      },
    },
    {
      id: 'summary',
      type: 'llm',
      config: {
        system: 'Merge the reviews into one short list.',
        prompt:
          'Style: {{nodes.style.output}}\nSecurity: {{nodes.security.output}}\nTests: {{nodes.tests.output}}',
        history: false,
        stream: true,
      },
    },
  ],
  edges: [
    { from: 'intake', type: 'fanout', targets: ['style', 'security', 'tests'] },
    { from: 'style', to: 'summary' },
    { from: 'security', to: 'summary' },
    { from: 'tests', to: 'summary' },
    { from: 'summary', to: '__end__' },
  ],
};

/** Human approval: a draft waits for the user's yes/no before it is published. */
export const HUMAN_APPROVAL_WORKFLOW: WorkflowDefinitionInput = {
  schemaVersion: 1,
  entry: 'draft',
  nodes: [
    {
      id: 'draft',
      type: 'llm',
      config: { system: 'Write a one-line announcement.', prompt: '{{input}}', history: false },
    },
    {
      id: 'approve',
      type: 'human_input',
      config: { prompt: 'Publish this announcement? (yes/no)\n\n{{nodes.draft.output}}' },
    },
    { id: 'publish', type: 'answer', config: { text: 'Published: {{nodes.draft.output}}' } },
    {
      id: 'discard',
      type: 'answer',
      config: { text: 'Not published. Reply with changes and I will draft again.' },
    },
  ],
  edges: [
    { from: 'draft', to: 'approve' },
    {
      from: 'approve',
      type: 'conditional',
      condition: { kind: 'expression', expression: "nodes.approve.output|trim|lower == 'yes'" },
      mapping: { true: 'publish' },
      default: 'discard',
    },
    { from: 'publish', to: '__end__' },
    { from: 'discard', to: '__end__' },
  ],
};

export const EXAMPLE_WORKFLOWS = {
  router: ROUTER_WORKFLOW,
  toolAgent: TOOL_AGENT_WORKFLOW,
  codeReview: CODE_REVIEW_WORKFLOW,
  humanApproval: HUMAN_APPROVAL_WORKFLOW,
} as const;
