import { errorBodySchema } from './errors';
import { createChatRequestSchema, openAiChatRequestSchema, postMessageRequestSchema } from './chat';
import { loginRequestSchema, registerRequestSchema } from './identity';
import { isOutboundAllowEntry, updateOutboundPolicyRequestSchema } from './outbound';
import {
  platformSchemaDocumentSchema,
  PLATFORM_SCHEMA_VERSIONS,
  runEventJsonSchemas,
  workflowDefinitionJsonSchema,
} from './platform-schema';

const paths = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.path.join('.'));

describe('API request and response DTOs', () => {
  it('auth: trims and lower-cases nothing it should not, applies defaults, rejects bad fields with paths', () => {
    expect(
      registerRequestSchema.parse({
        email: 'admin@localhost',
        password: 'long-enough-pw',
        displayName: 'Admin',
      }),
    ).toMatchObject({ email: 'admin@localhost', developer: false });
    expect(paths(registerRequestSchema.safeParse({ email: 'nope', password: 'x', displayName: '' }))).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName']),
    );
    expect(paths(loginRequestSchema.safeParse({ email: 'a@b.co', password: '' }))).toEqual(['password']);
  });

  it('chat: message content is trimmed and bounded, ids are UUIDs', () => {
    expect(postMessageRequestSchema.parse({ content: '  hi  ' })).toEqual({ content: 'hi' });
    expect(paths(postMessageRequestSchema.safeParse({ content: '   ' }))).toEqual(['content']);
    expect(paths(postMessageRequestSchema.safeParse({ content: 'x', parentMessageId: 'nope' }))).toEqual([
      'parentMessageId',
    ]);
    expect(paths(createChatRequestSchema.safeParse({ agentId: 'x', version: 'one' }))).toEqual([
      'agentId',
      'version',
    ]);
  });

  it('OpenAI-compatible request keeps unknown fields (clients send many) but needs model and messages', () => {
    const req = openAiChatRequestSchema.parse({
      model: 'bot',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      user: 'u1',
    });
    expect(req).toMatchObject({ model: 'bot', user: 'u1' });
    expect(paths(openAiChatRequestSchema.safeParse({ model: '', messages: [] }))).toEqual([
      'model',
      'messages',
    ]);
    expect(paths(openAiChatRequestSchema.safeParse({ model: 'b', messages: [{ role: 'robot' }] }))).toEqual([
      'messages.0.role',
    ]);
  });

  it('error body round-trips', () => {
    const body = {
      statusCode: 400,
      code: 'validation_failed',
      message: 'Request validation failed',
      details: [{ path: 'body.email', code: 'invalid_string', message: 'Enter a valid email address' }],
      requestId: 'req-1',
    };
    expect(errorBodySchema.parse(JSON.parse(JSON.stringify(body)))).toEqual(body);
    expect(errorBodySchema.safeParse({ statusCode: '400', code: 'x', message: 'y' }).success).toBe(false);
  });

  it('outbound allow-list entries: hosts, wildcards, addresses and CIDR ranges, lower-cased', () => {
    for (const ok of [
      'mcp.internal',
      '*.corp.example',
      'localhost',
      '10.1.2.3',
      '10.0.0.0/8',
      'fd00::/8',
      '::1',
    ])
      expect([ok, isOutboundAllowEntry(ok)]).toEqual([ok, true]);
    for (const bad of ['', 'http://x/', '300.1.1.1', '10.0.0.0/33', 'a b', '*.', 'fd00::/200', '1.2.3'])
      expect([bad, isOutboundAllowEntry(bad)]).toEqual([bad, false]);
    expect(updateOutboundPolicyRequestSchema.parse({ allowHosts: [' API.Internal '] })).toEqual({
      allowHosts: ['api.internal'],
    });
    expect(
      paths(updateOutboundPolicyRequestSchema.safeParse({ allowHosts: ['ok.host', 'no way'], extra: 1 })),
    ).toEqual(expect.arrayContaining(['allowHosts.1', '']));
  });

  it('platform schema document: versions, a draft-07 workflow schema and one schema per event type', () => {
    expect(workflowDefinitionJsonSchema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: expect.arrayContaining(['entry', 'nodes']),
    });
    expect(runEventJsonSchemas.map((e) => e.type)).toContain('done');
    const doc = {
      versions: PLATFORM_SCHEMA_VERSIONS,
      workflowDefinition: workflowDefinitionJsonSchema,
      nodeTypes: [],
      eventTypes: runEventJsonSchemas,
    };
    expect(platformSchemaDocumentSchema.parse(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
    expect(
      platformSchemaDocumentSchema.safeParse({ ...doc, eventTypes: [{ type: 'nope', dataSchema: {} }] })
        .success,
    ).toBe(false);
  });
});
