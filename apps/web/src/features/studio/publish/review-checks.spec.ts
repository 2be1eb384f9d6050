import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@agenthub/contracts';
import { BASE } from '../versions/diff-fixtures';
import { reviewCheckResults } from './review-checks';

const definition = BASE as unknown as WorkflowDefinition;

describe('reviewCheckResults', () => {
  it('passes every check without reasons', () => {
    expect(reviewCheckResults([], definition).map((c) => [c.check, c.passed])).toEqual([
      ['validation', true],
      ['secrets', true],
      ['exposure', true],
    ]);
  });

  it('files each reason under its check and finds the node it points at', () => {
    const results = reviewCheckResults(
      [
        {
          code: 'secret_in_content',
          message: 'Looks like a credential',
          path: 'definition.nodes.1.config.code',
        },
        { code: 'workflow_invalid', message: 'bad', path: 'nodes.0.config.prompt' },
        { code: 'personal_service_config', message: 'personal', path: 'serviceDependencies' },
        { code: 'rejected_by_admin', message: 'no' },
      ],
      definition,
    );
    const byCheck = Object.fromEntries(results.map((r) => [r.check, r]));
    expect(byCheck.validation!.passed).toBe(false);
    expect(byCheck.validation!.findings[0]!.nodeId).toBe('a');
    expect(byCheck.secrets!.findings[0]!.nodeId).toBe('b');
    expect(byCheck.exposure!.findings[0]!.nodeId).toBeNull();
    expect(results.flatMap((r) => r.findings)).toHaveLength(3);
  });
});
