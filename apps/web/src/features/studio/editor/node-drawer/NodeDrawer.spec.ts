import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { ElSelect } from 'element-plus';
import {
  workflowDefinitionSchema,
  type KnowledgeBase,
  type McpServer,
  type McpTool,
  type ServiceConfig,
  type WorkflowNode,
} from '@agenthub/contracts';
import { BUILTIN_NODE_TYPES } from '../../../../../../../packages/engine/src/node-types/builtin-node-types';
import { VALID_BUILTIN_CONFIGS as VALID } from '../schema-form/builtin-configs.fixture';
import { serviceConfigsApi } from '@/api/service-configs.api';
import { mcpServersApi } from '@/api/mcp-servers.api';
import { mcpToolsApi } from '@/api/mcp-tools.api';
import { knowledgeApi } from '@/api/knowledge.api';
import { settle, testPlugins } from '@/test/render';
import NodeDrawer from './NodeDrawer.vue';
import SchemaForm from '../schema-form/SchemaForm.vue';
import ServiceBindings from './ServiceBindings.vue';
import McpToolPicker from './McpToolPicker.vue';
import KnowledgeBasePicker from './KnowledgeBasePicker.vue';

const page = <T>(items: T[]) => ({ items, total: items.length, page: 1, pageSize: 100 });
const config = (over: Partial<ServiceConfig>): ServiceConfig =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    providerId: '00000000-0000-4000-8000-0000000000aa',
    providerKind: 'openai_compatible',
    serviceType: 'llm',
    name: 'config',
    scope: 'platform',
    ownerId: null,
    configData: {},
    pricingConfig: null,
    limitsConfig: null,
    isDefault: false,
    validationStatus: 'valid',
    validationError: null,
    validatedAt: null,
    createdAt: '',
    updatedAt: '',
    ...over,
  }) as ServiceConfig;
const MINE = config({ id: '00000000-0000-4000-8000-000000000002', name: 'My key', scope: 'personal' });
const PLATFORM = config({
  id: '00000000-0000-4000-8000-000000000003',
  name: 'Platform GPT',
  isDefault: true,
});
const SEARCH_TOOL: McpTool = {
  id: '00000000-0000-4000-8000-000000000010',
  serverId: '00000000-0000-4000-8000-000000000011',
  serverName: 'web',
  name: 'search',
  description: 'Searches the web',
  inputSchema: {
    type: 'object',
    properties: { q: { type: 'string', description: 'Query' } },
    required: ['q'],
  },
};

const HANDBOOK = {
  id: '00000000-0000-4000-8000-000000000020',
  name: 'Handbook',
  documentCount: 3,
} as KnowledgeBase;

/** `ask` is reached from `classify`; `side` is not connected to it. */
const definitionWith = (node: WorkflowNode) =>
  workflowDefinitionSchema.parse({
    entry: 'classify',
    variables: { lang: { type: 'string' } },
    nodes: [
      { id: 'classify', type: 'classifier', config: { labels: ['a'], prompt: '{{input}}' } },
      { id: 'side', type: 'answer', config: { text: 'x' } },
      node,
    ],
    edges: [
      { from: 'classify', to: node.id },
      { from: node.id, to: '__end__' },
      { from: 'side', to: '__end__' },
    ],
  });

const mounted: { unmount(): void }[] = [];
function render(node: WorkflowNode, nodeType = BUILTIN_NODE_TYPES.find((t) => t.typeName === node.type)) {
  const wrapper = mount(NodeDrawer, {
    props: { node, nodeType, definition: definitionWith(node) },
    global: { plugins: testPlugins().plugins, stubs: { RouterLink: true } },
    attachTo: document.body,
  });
  mounted.push(wrapper);
  return wrapper;
}

beforeEach(() => {
  vi.spyOn(serviceConfigsApi, 'list').mockResolvedValue(page([MINE, PLATFORM]));
  vi.spyOn(mcpServersApi, 'list').mockResolvedValue(
    page([{ id: SEARCH_TOOL.serverId, name: 'web', toolCount: 1 } as McpServer]),
  );
  vi.spyOn(mcpToolsApi, 'list').mockResolvedValue(page([SEARCH_TOOL]));
  vi.spyOn(knowledgeApi, 'list').mockResolvedValue(page([HANDBOOK]));
});
afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
  document.body.innerHTML = '';
});

// Mounting CodeMirror and JSON Forms is slow on a busy machine: generous per-test time.
describe('NodeDrawer', { timeout: 30_000 }, () => {
  it.each(BUILTIN_NODE_TYPES.map((t) => [t.typeName, t] as const))(
    'renders and validates the %s node type form',
    async (typeName, type) => {
      const valid = render({ id: 'ask', type: typeName, config: VALID[typeName]! });
      await settle();
      for (const p of Object.keys((type.inputSchema.properties ?? {}) as object)) {
        expect(valid.find(`[id$="${p}-input"]`).exists(), p).toBe(true);
      }
      expect(valid.find('[data-test="node-id"]').text()).toBe('ask');
      expect((valid.vm as unknown as { validate(): boolean }).validate()).toBe(true);
      await settle();
      expect(valid.findAll('.sf-control [role="alert"]')).toHaveLength(0);
      // Nodes that need a model get the service picker; the others do not.
      expect(valid.findComponent(ServiceBindings).exists()).toBe(type.requiredServices.includes('llm'));
      valid.unmount();

      // Without its required fields (and no defaults to fill them) the form lists the errors.
      const invalid = render({ id: 'ask', type: typeName, config: {} }, { ...type, defaultConfig: {} });
      await settle();
      expect((invalid.vm as unknown as { validate(): boolean }).validate()).toBe(false);
      await settle();
      expect(invalid.findAll('.sf-control [role="alert"]').length).toBeGreaterThan(0);
    },
  );

  it('offers {{ completion of input, vars and upstream node outputs only', async () => {
    const drawer = render({ id: 'ask', type: 'llm', config: { prompt: 'x' } });
    await settle();
    expect(drawer.findComponent(SchemaForm).props('completions')).toEqual([
      'input',
      'vars.lang',
      'nodes.classify.output',
    ]);
  });

  it('emits a new node for a label, keeping the original untouched', async () => {
    const node: WorkflowNode = { id: 'ask', type: 'answer', config: { text: 'hi', onError: 'continue' } };
    const drawer = render(node);
    await settle();
    await drawer.find('input[data-test="node-name"]').setValue('Say hi');
    const [next] = drawer.emitted('update:node')!.at(-1) as [WorkflowNode];
    expect(next).toEqual({
      id: 'ask',
      type: 'answer',
      name: 'Say hi',
      config: { text: 'hi', onError: 'continue' },
    });
    expect(node.name).toBeUndefined();
  });

  it('keeps per-node policies when the config form changes and stores policy edits', async () => {
    const node: WorkflowNode = { id: 'ask', type: 'answer', config: { text: 'hi', timeoutMs: 5000 } };
    const drawer = render(node);
    await settle();
    drawer.findComponent(SchemaForm).vm.$emit('update:modelValue', { text: 'bye' });
    expect((drawer.emitted('update:node')!.at(-1) as [WorkflowNode])[0].config).toEqual({
      text: 'bye',
      timeoutMs: 5000,
    });

    await drawer.find('[data-test="on-error-branch"] input').setValue(true);
    expect((drawer.emitted('update:node')!.at(-1) as [WorkflowNode])[0].config).toEqual({
      text: 'hi',
      timeoutMs: 5000,
      onError: 'branch',
    });
    await drawer.setProps({ node: { ...node, config: { ...node.config, onError: 'branch' } } });
    expect(drawer.text()).toContain('error handle');
  });

  it('does not store the type defaults the node never set', async () => {
    const drawer = render({ id: 'ask', type: 'llm', config: {} });
    await settle();
    const form = drawer.findComponent(SchemaForm);
    expect(form.props('modelValue')).toEqual({ prompt: '{{input}}', history: true, stream: false });
    form.vm.$emit('update:modelValue', { prompt: '{{input}}', history: true, stream: true });
    expect((drawer.emitted('update:node')!.at(-1) as [WorkflowNode])[0].config).toEqual({ stream: true });
  });

  it('binds a service config, platform default first, and unbinds it again', async () => {
    const drawer = render({ id: 'ask', type: 'llm', config: { prompt: 'x' } });
    await settle();
    expect(serviceConfigsApi.list).toHaveBeenCalledWith({ serviceType: 'llm' });
    const options = [...document.body.querySelectorAll('.el-select-dropdown__item')].map(
      (o) => o.textContent,
    );
    expect(options[0]).toBe('Platform default');
    expect(options.slice(1).map((o) => o?.replace('openai_compatible', ''))).toEqual([
      'Platform GPT',
      'My key',
    ]);

    const select = drawer.findComponent(ServiceBindings).findComponent(ElSelect);
    select.vm.$emit('update:modelValue', MINE.id);
    expect((drawer.emitted('update:node')!.at(-1) as [WorkflowNode])[0].services).toEqual({ llm: MINE.id });

    await drawer.setProps({
      node: { id: 'ask', type: 'llm', config: { prompt: 'x' }, services: { llm: MINE.id } },
    });
    select.vm.$emit('update:modelValue', '');
    expect((drawer.emitted('update:node')!.at(-1) as [WorkflowNode])[0]).not.toHaveProperty('services');
  });

  it('picks an MCP server and tool and shows the tool input schema', async () => {
    const drawer = render({ id: 'ask', type: 'tool_call', config: { args: {} } });
    await settle();
    const picker = drawer.findComponent(McpToolPicker);
    const [serverSelect] = picker.findAllComponents(ElSelect);
    serverSelect!.vm.$emit('update:modelValue', 'web');
    let next = (drawer.emitted('update:node')!.at(-1) as [WorkflowNode])[0];
    expect(next.config).toMatchObject({ server: 'web', args: {} });
    expect(next.config).not.toHaveProperty('tool');

    await drawer.setProps({ node: next });
    await settle();
    expect(mcpToolsApi.list).toHaveBeenCalledWith({ server: 'web' });
    picker.findAllComponents(ElSelect)[1]!.vm.$emit('update:modelValue', 'search');
    next = (drawer.emitted('update:node')!.at(-1) as [WorkflowNode])[0];
    expect(next.config).toMatchObject({ server: 'web', tool: 'search' });

    await drawer.setProps({ node: next });
    await settle();
    const schema = drawer.find('[data-test="mcp-tool-schema"]');
    expect(schema.text()).toContain('Query');
    expect(schema.find('[id$="q-input"]').exists()).toBe(true);
  });

  it('picks the knowledge bases of a retrieval node', async () => {
    const drawer = render({
      id: 'ask',
      type: 'retrieval',
      config: { query: '{{input}}', knowledgeBaseIds: [] },
    });
    await settle();
    const picker = drawer.findComponent(KnowledgeBasePicker);
    expect(picker.exists()).toBe(true);
    expect(knowledgeApi.list).toHaveBeenCalled();
    // A way to the knowledge bases themselves, from the editor.
    expect(drawer.find('[data-test="manage-knowledge-bases"]').exists()).toBe(true);
    picker.findComponent(ElSelect).vm.$emit('update:modelValue', [HANDBOOK.id]);
    const next = (drawer.emitted('update:node')!.at(-1) as [WorkflowNode])[0];
    expect(next.config).toMatchObject({ query: '{{input}}', knowledgeBaseIds: [HANDBOOK.id] });
    expect(
      render({ id: 'ask', type: 'answer', config: { text: 'x' } })
        .findComponent(KnowledgeBasePicker)
        .exists(),
    ).toBe(false);
  });

  it('closes on the close button and on Escape', async () => {
    const drawer = render({ id: 'ask', type: 'answer', config: { text: 'x' } });
    await settle();
    await drawer.find('[data-test="node-drawer-close"]').trigger('click');
    await drawer.find('[data-test="node-drawer"]').trigger('keydown', { key: 'Escape' });
    expect(drawer.emitted('close')).toHaveLength(2);
  });
});
