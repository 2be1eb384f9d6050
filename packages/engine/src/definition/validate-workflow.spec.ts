import {
  WorkflowIssueCodes as C,
  type NodeTypeDescriptor,
  type WorkflowDefinitionInput,
} from '@agenthub/contracts';
import { BUILTIN_NODE_TYPES } from '../node-types/builtin-node-types.js';
import { validateWorkflow } from './validate-workflow.js';

const types = BUILTIN_NODE_TYPES;
const base = (): WorkflowDefinitionInput => ({
  entry: 'ask',
  variables: { tone: { type: 'string', default: 'friendly' } },
  nodes: [
    { id: 'ask', type: 'llm', config: { system: 'Be {{vars.tone}}.', prompt: '{{input}}', stream: true } },
    { id: 'out', type: 'answer', config: { text: '{{nodes.ask.output}}' } },
  ],
  edges: [
    { from: 'ask', to: 'out' },
    { from: 'out', to: '__end__' },
  ],
});

function codes(def: unknown, nodeTypes: readonly NodeTypeDescriptor[] = types, options = {}) {
  return validateWorkflow(def, nodeTypes, options).issues.map((i) => i.code);
}

describe('validateWorkflow', () => {
  it('accepts a valid definition with no issues', () => {
    expect(validateWorkflow(base(), types)).toEqual({ valid: true, issues: [] });
  });

  it('reports schema errors with paths and the node id', () => {
    const result = validateWorkflow({ entry: 'a', nodes: [{ id: '1bad', type: 'llm' }] }, types);
    expect(result.valid).toBe(false);
    expect(result.issues[0]).toMatchObject({
      code: C.schemaInvalid,
      path: 'nodes.0.id',
      nodeId: '1bad',
      severity: 'error',
    });
  });

  it('reports duplicate node ids', () => {
    const def = base();
    def.nodes.push({ id: 'out', type: 'answer', config: { text: 'x' } });
    expect(codes(def)).toContain(C.duplicateNodeId);
  });

  it('reports an unknown entry', () => {
    expect(codes({ ...base(), entry: 'nowhere' })).toContain(C.unknownEntry);
  });

  it('reports unknown node types', () => {
    const def = base();
    def.nodes[1].type = 'teleport';
    const issue = validateWorkflow(def, types).issues.find((i) => i.code === C.unknownNodeType);
    expect(issue).toMatchObject({ nodeId: 'out', path: 'nodes.1.type' });
  });

  it('checks config against the node type schema merged over default_config', () => {
    const def = base();
    def.nodes[0].config = { temperature: 7 };
    const issues = validateWorkflow(def, types).issues.filter((i) => i.code === C.configInvalid);
    // prompt comes from default_config, so only temperature is wrong
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ nodeId: 'ask', path: 'nodes.0.config.temperature' });
    const missing = base();
    missing.nodes[1].config = {};
    expect(validateWorkflow(missing, types).issues.find((i) => i.code === C.configInvalid)).toMatchObject({
      path: 'nodes.1.config.text',
    });
  });

  it('validates node policies (timeoutMs, retry, onError)', () => {
    const def = base();
    def.nodes[0].config = { ...def.nodes[0].config, retry: { maxAttempts: 0 }, onError: 'explode' };
    expect(codes(def).filter((c) => c === C.configInvalid).length).toBe(2);
  });

  it('reports a missing required service when there is no platform default', () => {
    expect(codes(base(), types, { platformDefaultServices: [] })).toContain(C.missingService);
    expect(codes(base(), types, { platformDefaultServices: ['llm'] })).not.toContain(C.missingService);
    const withUnknown = base();
    withUnknown.nodes[0].services = { llm: 'gone' };
    expect(codes(withUnknown, types, { knownServiceIds: new Set(['other']) })).toContain(C.missingService);
  });

  it('reports unknown edge sources and targets', () => {
    const def = base();
    def.edges!.push({ from: 'ghost', to: 'out' }, { from: 'ask', to: 'phantom' });
    expect(codes(def)).toEqual(expect.arrayContaining([C.unknownEdgeSource, C.unknownEdgeTarget]));
  });

  it('reports conditional mappings and defaults that point to missing nodes', () => {
    const def = base();
    def.edges![0] = {
      from: 'ask',
      type: 'conditional',
      condition: { kind: 'switch', path: 'nodes.ask.output' },
      mapping: { a: 'out', b: 'nope' },
      default: 'void',
    };
    const issues = validateWorkflow(def, types).issues.filter((i) => i.code === C.mappingTargetMissing);
    expect(issues.map((i) => i.path)).toEqual(['edges.0.mapping.b', 'edges.0.default']);
  });

  it('reports fan-outs with fewer than two targets', () => {
    const def = base();
    def.edges![0] = { from: 'ask', type: 'fanout', targets: ['out'] };
    expect(codes(def)).toContain(C.fanoutTooFewTargets);
  });

  it('reports expressions that do not parse', () => {
    const def = base();
    def.edges![0] = {
      from: 'ask',
      type: 'conditional',
      condition: { kind: 'expression', expression: 'nodes.ask.output ==' },
      mapping: { true: 'out' },
    };
    expect(codes(def)).toContain(C.invalidExpression);
  });

  it('reports unreachable nodes', () => {
    const def = base();
    def.nodes.push({ id: 'island', type: 'answer', config: { text: 'x' } });
    def.edges!.push({ from: 'island', to: '__end__' });
    expect(validateWorkflow(def, types).issues).toContainEqual(
      expect.objectContaining({ code: C.unreachableNode, nodeId: 'island' }),
    );
  });

  it('reports no path to __end__ for the workflow and for dead-end nodes', () => {
    const noEnd = base();
    noEnd.edges = [{ from: 'ask', to: 'out' }];
    expect(codes(noEnd)).toContain(C.noPathToEnd);
    const deadEnd = base();
    deadEnd.nodes.push({ id: 'stuck', type: 'template', config: { template: 'x' } });
    deadEnd.edges = [
      { from: 'ask', type: 'fanout', targets: ['out', 'stuck'] },
      { from: 'out', to: '__end__' },
    ];
    expect(validateWorkflow(deadEnd, types).issues).toContainEqual(
      expect.objectContaining({ code: C.noPathToEnd, nodeId: 'stuck' }),
    );
  });

  it('checks error edges against onError: branch in both directions', () => {
    const def = base();
    def.edges!.push({ from: 'ask:error', to: 'out' });
    expect(codes(def)).toContain(C.errorEdgeWithoutBranch);
    const branch = base();
    branch.nodes[0].config = { ...branch.nodes[0].config, onError: 'branch' };
    expect(codes(branch)).toContain(C.branchWithoutErrorEdge);
    branch.edges!.push({ from: 'ask:error', to: 'out' });
    expect(validateWorkflow(branch, types).valid).toBe(true);
  });

  it('warns (without failing) about template references to unknown nodes, variables and parameters', () => {
    const def = base();
    def.nodes[1].config = { text: '{{nodes.nobody.output}} {{vars.missing}} {{params.x}} {{weird}}' };
    const result = validateWorkflow(def, types);
    expect(result.valid).toBe(true);
    expect(result.issues.map((i) => [i.code, i.severity, i.message])).toEqual([
      [C.unknownTemplateReference, 'warning', 'Unknown node "nobody"'],
      [C.unknownTemplateReference, 'warning', 'Unknown variable "missing"'],
      [C.unknownTemplateReference, 'warning', 'Template parameter "x" was not substituted'],
      [C.unknownTemplateReference, 'warning', expect.stringContaining('Unknown reference "weird"')],
    ]);
  });

  it('reports all problems at once', () => {
    const def = base();
    def.nodes[0].type = 'teleport';
    def.edges!.push({ from: 'out', to: 'phantom' });
    def.nodes.push({ id: 'out', type: 'answer', config: { text: 'x' } });
    expect(new Set(codes(def))).toEqual(new Set([C.duplicateNodeId, C.unknownNodeType, C.unknownEdgeTarget]));
  });
});
