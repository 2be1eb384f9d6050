import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

describe('Request logging', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('logs each request once, /v1 and /mcp (outside the /api prefix) included', async () => {
    const user = await t.createUser(['user']);
    const key = await t.createApiKey(user);
    t.logs.length = 0;
    await t.http().get('/v1/models').set('Authorization', bearer(key)).expect(200);
    await t
      .http()
      .post('/v1/chat/completions')
      .set('Authorization', bearer(key))
      .send({ model: 'no-such-agent', messages: [{ role: 'user', content: 'hi' }] });
    await t.http().get('/api/me').set('Authorization', bearer(user.accessToken)).expect(200);
    await t.http().post('/mcp').set('Authorization', bearer(key)).send({});
    const completed = t.logs
      .filter((l) => l.msg === 'request completed')
      .map((l) => `${(l.req as { method: string }).method} ${(l.req as { url: string }).url}`);
    expect(completed).toEqual(['GET /v1/models', 'POST /v1/chat/completions', 'GET /api/me', 'POST /mcp']);
  });
});
