import type { Role } from '@agenthub/contracts';
import { bearer, type TestApp, type TestUser } from '../helpers/test-app';

export interface Cast {
  user: TestUser;
  developer: TestUser;
  otherDeveloper: TestUser;
  admin: TestUser;
}

export async function createCast(t: TestApp): Promise<Cast> {
  const make = (roles: Role[]) => t.createUser(roles);
  return {
    user: await make(['user']),
    developer: await make(['user', 'developer']),
    otherDeveloper: await make(['user', 'developer']),
    admin: await make(['user', 'developer', 'admin']),
  };
}

type Method = 'get' | 'post' | 'put' | 'delete';

/** Sends a request as `who` (undefined = anonymous). */
export function send(t: TestApp, method: Method, url: string, who?: TestUser, body?: unknown) {
  let req = t.http()[method](url);
  if (who) req = req.set('Authorization', bearer(who.accessToken));
  return body === undefined ? req : req.send(body as object);
}

/**
 * Catalog resources belong to the platform, not to a developer, so there is no "own" row: every
 * non-admin, developers included, gets 403 on admin writes.
 */
export async function expectAdminOnly(
  t: TestApp,
  cast: Cast,
  method: Method,
  url: string,
  body?: unknown,
): Promise<void> {
  const anonymous = await send(t, method, url, undefined, body);
  expect([url, anonymous.status, anonymous.body.code]).toEqual([url, 401, 'unauthorized']);
  for (const who of [cast.user, cast.developer, cast.otherDeveloper]) {
    const res = await send(t, method, url, who, body);
    expect([url, who.roles.join(','), res.status, res.body.code]).toEqual([
      url,
      who.roles.join(','),
      403,
      'forbidden',
    ]);
  }
}
