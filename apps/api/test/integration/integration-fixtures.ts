import type { Provider, ServiceConfig } from '@agenthub/contracts';
import { bearer, type TestApp, type TestUser } from '../helpers/test-app';

export interface Cast {
  user: TestUser;
  dev: TestUser;
  otherDev: TestUser;
  admin: TestUser;
}

/** One account per role of the ownership matrix. */
export async function createCast(t: TestApp): Promise<Cast> {
  return {
    user: await t.createUser(['user']),
    dev: await t.createUser(['user', 'developer']),
    otherDev: await t.createUser(['user', 'developer']),
    admin: await t.createUser(['user', 'admin']),
  };
}

export const auth = (u: TestUser) => ({ Authorization: bearer(u.accessToken) });

export async function providerBySlug(t: TestApp, as: TestUser, slug: string): Promise<Provider> {
  const res = await t.http().get('/api/providers').set(auth(as));
  expect(res.status).toBe(200);
  const p = (res.body as { items: Provider[] }).items.find((x) => x.slug === slug);
  if (!p) throw new Error(`provider ${slug} not seeded`);
  return p;
}

export async function createConfig(
  t: TestApp,
  as: TestUser,
  body: Record<string, unknown>,
): Promise<ServiceConfig> {
  const res = await t.http().post('/api/service-configs').set(auth(as)).send(body);
  if (res.status !== 201) throw new Error(`create config: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ServiceConfig;
}

/** Everything the app wrote to its logs, as one string to search for leaked secrets. */
export const allLogText = (t: TestApp) => JSON.stringify(t.logs);
