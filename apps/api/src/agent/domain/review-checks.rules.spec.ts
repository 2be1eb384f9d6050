import { WORKFLOW_LIMITS } from '@agenthub/contracts';
import { reviewReasons, type ReviewFacts } from './review-checks.rules';

const clean: ReviewFacts = {
  resolvedDefinition: {
    entry: 'a',
    nodes: [{ id: 'a', type: 'llm', config: { prompt: '{{input}}' } }],
    edges: [{ from: 'a', to: '__end__' }],
  },
  systemPrompt: 'You are helpful.',
  modelParamsOverride: { temperature: 0.3 },
  workflowTemplateId: null,
  templateVersion: null,
  validation: { valid: true, issues: [] },
  template: null,
  unusableConfigs: [],
  unusableServers: [],
};

describe('reviewReasons', () => {
  it('passes a clean version', () => {
    expect(reviewReasons(clean)).toEqual([]);
  });

  it('lists every problem at once', () => {
    const reasons = reviewReasons({
      ...clean,
      systemPrompt: 'Use sk-abcdefghijklmnopqrstuvwx1234 to call the API',
      validation: {
        valid: false,
        issues: [
          {
            path: 'definition.nodes.0.type',
            code: 'unknown_node_type',
            message: 'Unknown',
            severity: 'error',
          },
          {
            path: 'definition.nodes.0',
            code: 'unknown_template_reference',
            message: 'warn',
            severity: 'warning',
          },
        ],
      },
      workflowTemplateId: '00000000-0000-4000-8000-000000000000',
      templateVersion: 1,
      unusableConfigs: [{ ref: 'c1', problem: 'personal_config' }],
    });
    expect(reasons.map((r) => r.code)).toEqual([
      'workflow_invalid',
      'template_missing',
      'personal_service_config',
      'secret_in_content',
    ]);
    expect(reasons[3]).toEqual(expect.objectContaining({ path: 'systemPrompt' }));
    expect(JSON.stringify(reasons)).not.toContain('abcdefghijklmnop');
  });

  it('refuses oversize definitions', () => {
    const nodes = Array.from({ length: WORKFLOW_LIMITS.maxNodes + 1 }, (_, i) => ({
      id: `n${i}`,
      type: 'answer',
      config: { text: 'x' },
    }));
    const reasons = reviewReasons({ ...clean, resolvedDefinition: { entry: 'n0', nodes, edges: [] } });
    expect(reasons.map((r) => r.code)).toContain('definition_too_large');
  });

  it('refuses a snapshot newer than its template', () => {
    const reasons = reviewReasons({
      ...clean,
      workflowTemplateId: '00000000-0000-4000-8000-000000000000',
      templateVersion: 3,
      template: { version: 2, status: 'active' },
    });
    expect(reasons.map((r) => r.code)).toEqual(['template_incompatible']);
  });
});
