import { randomBytes } from 'node:crypto';
import type { AuthResponse, Role } from '@agenthub/contracts';
import type { Agent } from 'supertest';
import type request from 'supertest';
import type { TestUser } from './test-app';
import type { TestDatabase } from './test-database';

let counter = 0;

/**
 * A user of an API running as its own process (benchmarks, fault suite): registered and logged in
 * over HTTP, roles set in its database (`db` needs only `query`).
 */
export async function registerUserOverHttp(
  http: () => ReturnType<typeof request> | Agent,
  db: Pick<TestDatabase, 'query'>,
  roles: Role[],
  label = 'user',
): Promise<TestUser> {
  counter += 1;
  const email = `${label}${counter}-${randomBytes(3).toString('hex')}@example.test`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const displayName = `${label} ${counter}`;
  const reg = await http().post('/api/auth/register').send({ email, password, displayName });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
  const id = (reg.body as AuthResponse).user.id;
  await db.query('UPDATE users SET roles = $2 WHERE id = $1', [id, roles]);
  const login = await http().post('/api/auth/login').send({ email, password });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const session = login.body as AuthResponse;
  return {
    id,
    email,
    password,
    displayName,
    roles,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
  };
}
