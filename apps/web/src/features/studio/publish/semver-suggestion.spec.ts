import { describe, expect, it } from 'vitest';
import type { WorkflowDiff } from '@agenthub/contracts';
import { BASE, compareOf } from '../versions/diff-fixtures';
import { type Bump, suggestBump, suggestNext, suggestVersion, versionProblem } from './semver-suggestion';

const changed = { typeChanged: null, configKeys: ['prompt'], servicesChanged: false, nameChanged: false };
const withoutVariables = { ...BASE, variables: {} };
const withMoreVariables = { ...BASE, variables: { ...BASE.variables, tone: { type: 'string' } } };

describe('suggestBump', () => {
  it.each<[string, Record<string, unknown>, Partial<WorkflowDiff>, Bump]>([
    ['a removed node', BASE, { nodesRemoved: [{ id: 'b', type: 'code' }] }, 'major'],
    ['a removed input', withoutVariables, { variablesChanged: ['topic'] }, 'major'],
    [
      'removed and added nodes',
      BASE,
      { nodesRemoved: [{ id: 'b', type: 'code' }], nodesAdded: [{ id: 'c', type: 'http' }] },
      'major',
    ],
    ['a new node', BASE, { nodesAdded: [{ id: 'c', type: 'http' }] }, 'minor'],
    [
      'a new node and a config change',
      BASE,
      { nodesAdded: [{ id: 'c', type: 'http' }], nodesChanged: [{ id: 'a', ...changed }] },
      'minor',
    ],
    ['a config change only', BASE, { nodesChanged: [{ id: 'a', ...changed }] }, 'patch'],
    ['a new input only', withMoreVariables, { variablesChanged: ['tone'] }, 'patch'],
    ['an edge change only', BASE, { edgesAdded: [{ from: 'a', to: '__end__', type: 'normal' }] }, 'patch'],
    ['nothing', BASE, {}, 'patch'],
  ])('%s → %s', (_name, to, diff, bump) => {
    expect(suggestBump(compareOf(BASE, to, diff))).toBe(bump);
  });
});

describe('suggestVersion', () => {
  it.each<[string | null, Bump, string]>([
    [null, 'minor', '1.0.0'],
    ['1.0.0', 'patch', '1.0.1'],
    ['1.0.0', 'minor', '1.1.0'],
    ['1.4.2', 'major', '2.0.0'],
    ['1.0.0-beta.1', 'patch', '1.0.0'],
  ])('%s + %s → %s', (last, bump, expected) => {
    expect(suggestVersion(last, bump)).toBe(expected);
  });
});

describe('suggestNext', () => {
  it.each<[string | null, Bump, string[], string]>([
    [null, 'minor', [], '1.0.0'],
    ['1.0.0', 'patch', ['1.0.0'], '1.0.1'],
    ['1.0.0', 'minor', ['1.0.0', '1.1.0'], '1.2.0'],
    [null, 'patch', ['1.0.0'], '1.0.1'],
  ])('%s + %s after %j → %s', (last, bump, existing, expected) => {
    expect(suggestNext(last, bump, existing)).toBe(expected);
  });
});

describe('versionProblem', () => {
  it.each<[string, string[], ReturnType<typeof versionProblem>]>([
    ['', [], 'required'],
    ['  ', ['1.0.0'], 'required'],
    ['v1.0.0', [], 'invalid'],
    ['1.0', [], 'invalid'],
    ['banana', [], 'invalid'],
    ['1.0.0', ['1.0.0'], 'notGreater'],
    ['1.0.1', ['1.0.0', '1.2.0'], 'notGreater'],
    ['1.0.0', [], null],
    ['1.3.0', ['1.0.0', '1.2.0'], null],
    ['2.0.0-rc.1', ['1.2.0'], null],
  ])('%j after %j → %s', (candidate, existing, problem) => {
    expect(versionProblem(candidate, existing)).toBe(problem);
  });
});
