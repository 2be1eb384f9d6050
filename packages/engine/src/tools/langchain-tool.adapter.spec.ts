import { toLangChainTool } from './langchain-tool.adapter.js';

describe('toLangChainTool', () => {
  const port = (isError: boolean) => ({
    name: 'add',
    description: 'Adds two numbers',
    inputSchema: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
    call: async (args: Record<string, unknown>) => ({
      isError,
      text: isError ? 'bad input' : String(Number(args.a) + Number(args.b)),
    }),
  });

  it('invokes the engine tool with the arguments and returns its text', async () => {
    const tool = toLangChainTool(port(false));
    expect(tool.name).toBe('add');
    expect(tool.description).toBe('Adds two numbers');
    expect(await tool.invoke({ a: 2, b: 3 })).toBe('5');
  });

  it('returns tool errors as text for the model', async () => {
    expect(await toLangChainTool(port(true)).invoke({ a: 1, b: 1 })).toBe('Error: bad input');
  });
});
