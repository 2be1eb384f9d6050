/** A template the catalog seeds once at boot, found again by `key`. */
export interface SeedTemplate {
  key: string;
  name: string;
  description: string;
  category: string;
  tags: string[];
  definition: Record<string, unknown>;
  parameterSchema: Record<string, unknown>;
}

const tone = {
  type: 'string',
  title: 'Tone',
  enum: ['friendly', 'formal', 'concise', 'playful'],
  default: 'friendly',
};

/**
 * The six starter templates from issue 4. They follow the engine's example workflows
 * (`ROUTER_WORKFLOW`, `TOOL_AGENT_WORKFLOW`, `CODE_REVIEW_WORKFLOW`, `HUMAN_APPROVAL_WORKFLOW`) with `{{params.x}}` where a developer would
 * want to adapt them, and all of them run on the offline demo model.
 */
export const SEED_TEMPLATES: readonly SeedTemplate[] = [
  {
    key: 'customer-service-bot',
    name: 'Customer service bot',
    description:
      'Classifies each message: FAQ questions get an answer in your company voice; complaints are summarised for a human agent, and the customer approves the escalation before it is handed off.',
    category: 'customer-service',
    tags: ['support', 'classifier', 'human-in-the-loop', 'escalation'],
    parameterSchema: {
      type: 'object',
      properties: {
        companyName: { type: 'string', title: 'Company name', minLength: 1, maxLength: 100, default: 'Acme' },
        tone,
        faq: {
          type: 'string',
          title: 'FAQ knowledge',
          maxLength: 20000,
          default: 'Opening hours: 9:00-18:00 on weekdays. Returns: within 30 days with the receipt.',
        },
        escalationTeam: {
          type: 'string',
          title: 'Escalation team',
          maxLength: 100,
          default: 'our support team',
        },
      },
      required: ['companyName'],
      additionalProperties: false,
    },
    definition: {
      schemaVersion: 1,
      entry: 'classify',
      nodes: [
        {
          id: 'classify',
          type: 'classifier',
          name: 'Classify the request',
          config: {
            labels: ['faq', 'escalate'],
            prompt: '{{input}}',
            instructions:
              'Answer "faq" for questions the FAQ can answer, "escalate" for complaints, refunds or anything needing a person.',
            default: 'faq',
          },
        },
        {
          id: 'faq',
          type: 'llm',
          name: 'FAQ answer',
          config: {
            system:
              'You are the {{params.tone}} customer service assistant of {{params.companyName}}. Answer using this FAQ and say so when it does not cover the question:\n{{params.faq}}',
            prompt: '{{input}}',
            stream: true,
          },
        },
        {
          id: 'summarize',
          type: 'llm',
          name: 'Summarise for a human',
          config: {
            system:
              'Summarise the customer issue in two sentences for a {{params.companyName}} support agent.',
            prompt: '{{input}}',
            history: true,
          },
        },
        {
          id: 'approve',
          type: 'human_input',
          name: 'Confirm escalation',
          config: {
            prompt:
              'I will pass this to {{params.escalationTeam}}:\n\n{{nodes.summarize.output}}\n\nShall I escalate? (yes/no)',
            // Buttons in chat; a typed "YES " or "Yes, please" counts as yes. Anything else is
            // refused with the choices named, rather than silently declining the escalation.
            choices: [
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ],
            allowFreeText: false,
          },
        },
        {
          id: 'handoff',
          type: 'answer',
          name: 'Hand-off',
          config: {
            text: 'Thank you. Your case was passed to {{params.escalationTeam}} at {{params.companyName}}; a person will contact you soon.',
          },
        },
        {
          id: 'declined',
          type: 'answer',
          name: 'Not escalated',
          config: {
            text: 'All right, I did not escalate it. Ask me anything else about {{params.companyName}}.',
          },
        },
      ],
      edges: [
        {
          from: 'classify',
          type: 'conditional',
          condition: { kind: 'switch', path: 'nodes.classify.output' },
          mapping: { faq: 'faq', escalate: 'summarize' },
          default: 'faq',
        },
        { from: 'faq', to: '__end__' },
        { from: 'summarize', to: 'approve' },
        {
          from: 'approve',
          type: 'conditional',
          condition: { kind: 'expression', expression: "nodes.approve.output|trim|lower == 'yes'" },
          mapping: { true: 'handoff' },
          default: 'declined',
        },
        { from: 'handoff', to: '__end__' },
        { from: 'declined', to: '__end__' },
      ],
    },
  },
  {
    key: 'writer',
    name: 'Writer',
    description: 'Plans an outline, then writes the piece in the tone, length and language you choose.',
    category: 'writing',
    tags: ['writing', 'content', 'outline'],
    parameterSchema: {
      type: 'object',
      properties: {
        tone,
        audience: { type: 'string', title: 'Audience', maxLength: 200, default: 'a general audience' },
        words: { type: 'integer', title: 'Target length (words)', minimum: 50, maximum: 5000, default: 400 },
        language: { type: 'string', title: 'Language', maxLength: 50, default: 'English' },
      },
      additionalProperties: false,
    },
    definition: {
      schemaVersion: 1,
      entry: 'outline',
      nodes: [
        {
          id: 'outline',
          type: 'llm',
          name: 'Outline',
          config: {
            system: 'You plan articles for {{params.audience}}. Reply with a short bullet outline only.',
            prompt: 'Outline a piece about: {{input}}',
            history: false,
          },
        },
        {
          id: 'write',
          type: 'llm',
          name: 'Write',
          config: {
            system:
              'You are a {{params.tone}} writer. Write about {{params.words}} words in {{params.language}} for {{params.audience}}.',
            prompt: 'Topic: {{input}}\n\nFollow this outline:\n{{nodes.outline.output}}',
            stream: true,
          },
        },
      ],
      edges: [
        { from: 'outline', to: 'write' },
        { from: 'write', to: '__end__' },
      ],
    },
  },
  {
    key: 'data-analyst',
    name: 'Data analyst',
    description:
      'Computes statistics of the numbers in the message in a sandboxed code step, then explains them in plain words.',
    category: 'data',
    tags: ['data', 'analysis', 'code', 'statistics'],
    parameterSchema: {
      type: 'object',
      properties: {
        domain: { type: 'string', title: 'Domain', maxLength: 100, default: 'business metrics' },
        decimals: { type: 'integer', title: 'Decimals', minimum: 0, maximum: 6, default: 2 },
      },
      additionalProperties: false,
    },
    definition: {
      schemaVersion: 1,
      entry: 'stats',
      nodes: [
        {
          id: 'stats',
          type: 'code',
          name: 'Compute statistics',
          config: {
            code: [
              'const nums = (String(input.input).match(/-?\\d+(?:\\.\\d+)?/g) || []).map(Number);',
              'const digits = {{params.decimals}};',
              'const round = (x) => Number(x.toFixed(digits));',
              'if (nums.length === 0) return { count: 0 };',
              'const sum = nums.reduce((a, b) => a + b, 0);',
              'const mean = sum / nums.length;',
              'const sorted = [...nums].sort((a, b) => a - b);',
              'const mid = Math.floor(sorted.length / 2);',
              'const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;',
              'return { count: nums.length, sum: round(sum), mean: round(mean), median: round(median), min: sorted[0], max: sorted[sorted.length - 1] };',
            ].join('\n'),
          },
        },
        {
          id: 'explain',
          type: 'llm',
          name: 'Explain',
          config: {
            system:
              'You are a data analyst for {{params.domain}}. Explain the statistics briefly and point out anything notable.',
            prompt: 'Question: {{input}}\n\nStatistics: {{nodes.stats.output}}',
            stream: true,
          },
        },
      ],
      edges: [
        { from: 'stats', to: 'explain' },
        { from: 'explain', to: '__end__' },
      ],
    },
  },
  {
    key: 'web-searcher',
    name: 'Web searcher',
    description:
      'A tool-using agent that searches with the tools of an MCP server and answers with what it found.',
    category: 'search',
    tags: ['search', 'agent', 'mcp', 'tools'],
    parameterSchema: {
      type: 'object',
      properties: {
        searchServer: {
          type: 'string',
          title: 'MCP server name',
          description: 'Name of the registered MCP server that provides the search tools.',
          minLength: 1,
          maxLength: 100,
          default: 'web',
        },
        maxIterations: { type: 'integer', title: 'Max tool rounds', minimum: 1, maximum: 20, default: 5 },
        tone,
      },
      additionalProperties: false,
    },
    definition: {
      schemaVersion: 1,
      entry: 'search',
      nodes: [
        {
          id: 'search',
          type: 'agent',
          name: 'Search agent',
          config: {
            system:
              'You are a {{params.tone}} research assistant. Use the search tools, then answer with sources.',
            prompt: '{{input}}',
            tools: [{ server: '{{params.searchServer}}' }],
            maxIterations: '{{params.maxIterations}}',
            stream: true,
          },
        },
      ],
      edges: [{ from: 'search', to: '__end__' }],
    },
  },
  {
    key: 'multi-agent-code-review',
    name: 'Multi-agent code review',
    description:
      'Fans out to three reviewers (code analysis, security, performance) that run in parallel; a summary waits for all of them.',
    category: 'developer-tools',
    tags: ['code', 'review', 'fan-out', 'multi-agent'],
    parameterSchema: {
      type: 'object',
      properties: {
        language: { type: 'string', title: 'Language', maxLength: 50, default: 'TypeScript' },
        strictness: {
          type: 'string',
          title: 'Strictness',
          enum: ['lenient', 'normal', 'strict'],
          default: 'normal',
        },
      },
      additionalProperties: false,
    },
    definition: {
      schemaVersion: 1,
      entry: 'intake',
      nodes: [
        {
          id: 'intake',
          type: 'template',
          name: 'Intake',
          config: { template: '{{params.language}} code under review:\n{{input}}' },
        },
        {
          id: 'analysis',
          type: 'llm',
          name: 'Code analysis',
          config: {
            system:
              'You review {{params.language}} code for correctness and readability ({{params.strictness}}).',
            prompt: 'Code analysis of:\n{{nodes.intake.output}}',
            history: false,
          },
        },
        {
          id: 'security',
          type: 'llm',
          name: 'Security review',
          config: {
            system: 'You review {{params.language}} code for security issues ({{params.strictness}}).',
            prompt: 'Security review of:\n{{nodes.intake.output}}',
            history: false,
          },
        },
        {
          id: 'performance',
          type: 'llm',
          name: 'Performance review',
          config: {
            system: 'You review {{params.language}} code for performance problems ({{params.strictness}}).',
            prompt: 'Performance review of:\n{{nodes.intake.output}}',
            history: false,
          },
        },
        {
          id: 'summary',
          type: 'llm',
          name: 'Summary',
          config: {
            system: 'Merge the three reviews into one prioritised list.',
            prompt:
              'Analysis: {{nodes.analysis.output}}\nSecurity: {{nodes.security.output}}\nPerformance: {{nodes.performance.output}}',
            history: false,
            stream: true,
          },
        },
      ],
      edges: [
        { from: 'intake', type: 'fanout', targets: ['analysis', 'security', 'performance'] },
        { from: 'analysis', to: 'summary' },
        { from: 'security', to: 'summary' },
        { from: 'performance', to: 'summary' },
        { from: 'summary', to: '__end__' },
      ],
    },
  },
  {
    key: 'translator',
    name: 'Translator',
    description: 'Translates into the language you choose, then proofreads the translation for fluency.',
    category: 'translation',
    tags: ['translation', 'language'],
    parameterSchema: {
      type: 'object',
      properties: {
        targetLanguage: {
          type: 'string',
          title: 'Target language',
          minLength: 1,
          maxLength: 50,
          default: 'English',
        },
        formality: {
          type: 'string',
          title: 'Formality',
          enum: ['formal', 'neutral', 'informal'],
          default: 'neutral',
        },
      },
      required: ['targetLanguage'],
      additionalProperties: false,
    },
    definition: {
      schemaVersion: 1,
      entry: 'translate',
      nodes: [
        {
          id: 'translate',
          type: 'llm',
          name: 'Translate',
          config: {
            system:
              'Translate the user text into {{params.targetLanguage}} with a {{params.formality}} register. Reply with the translation only.',
            prompt: '{{input}}',
            history: false,
          },
        },
        {
          id: 'proofread',
          type: 'llm',
          name: 'Proofread',
          config: {
            system: 'You are a native {{params.targetLanguage}} proofreader. Return the corrected text only.',
            prompt: '{{nodes.translate.output}}',
            history: false,
            stream: true,
          },
        },
      ],
      edges: [
        { from: 'translate', to: 'proofread' },
        { from: 'proofread', to: '__end__' },
      ],
    },
  },
];
