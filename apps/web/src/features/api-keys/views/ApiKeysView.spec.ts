import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { ApiKey, CreatedApiKey } from '@agenthub/contracts';
import ApiKeysView from './ApiKeysView.vue';
import { http } from '@/api/http-client';
import { settle, testPlugins } from '@/test/render';

const existing: ApiKey[] = [
  {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'laptop',
    prefix: 'ahk_3f9a1c',
    createdAt: '2026-01-02T10:00:00.000Z',
    lastUsedAt: null,
  },
  {
    id: '22222222-2222-4222-8222-222222222222',
    name: 'ci-runner',
    prefix: 'ahk_77b0de',
    createdAt: '2026-01-03T10:00:00.000Z',
    lastUsedAt: '2026-01-04T10:00:00.000Z',
  },
];
const SECRET = 'ahk_9c1e5be0d3a84f62b7e4c7aa1f0e2d91';
const created: CreatedApiKey = {
  id: '33333333-3333-4333-8333-333333333333',
  name: 'script',
  prefix: 'ahk_9c1e5b',
  createdAt: '2026-01-05T10:00:00.000Z',
  lastUsedAt: null,
  key: SECRET,
};

type Call = { method: string; url: string; body?: unknown; auth?: string };

/** The API boundary: records every request and answers like the real /api/me/api-keys routes. */
function stubApi() {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({
      method,
      url,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      auth: headers.Authorization,
    });
    if (method === 'GET' && url === '/api/me/api-keys') return Response.json({ items: existing });
    if (method === 'POST' && url === '/api/me/api-keys') return Response.json(created, { status: 201 });
    if (method === 'DELETE' && url.startsWith('/api/me/api-keys/'))
      return new Response(null, { status: 204 });
    return Response.json({ statusCode: 404, code: 'not_found', message: 'Not found' }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function rowsText(): string[] {
  return [...document.querySelectorAll('[data-testid="api-keys-table"] .el-table__body tr')].map(
    (tr) => tr.textContent ?? '',
  );
}

/** Element Plus puts test ids on the native input of el-input; accept either placement. */
function inputOf(testId: string): HTMLInputElement | null {
  return document.querySelector<HTMLInputElement>(
    `input[data-testid="${testId}"], [data-testid="${testId}"] input`,
  );
}

function click(selector: string) {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  el.click();
}

describe('ApiKeysView', () => {
  let wrapper: VueWrapper | undefined;
  let calls: Call[];

  beforeEach(() => {
    calls = stubApi();
    http.bindSession({
      accessToken: () => 'access-token',
      refreshToken: () => 'refresh-token',
      update: vi.fn(),
      expire: vi.fn(),
    });
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: vi.fn(async () => undefined) },
      configurable: true,
    });
  });

  afterEach(() => {
    wrapper?.unmount();
    http.bindSession(null);
    document.body.innerHTML = '';
  });

  async function render() {
    wrapper = mount(ApiKeysView, { global: { plugins: testPlugins().plugins }, attachTo: document.body });
    await settle();
  }

  it('lists the user’s keys with name, prefix and "Never" for unused keys', async () => {
    await render();

    expect(calls[0]).toMatchObject({ method: 'GET', url: '/api/me/api-keys', auth: 'Bearer access-token' });
    const rows = rowsText();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('laptop');
    expect(rows[0]).toContain('ahk_3f9a1c');
    expect(rows[0]).toContain('Never');
    expect(rows[1]).toContain('ci-runner');
    expect(rows[1]).not.toContain('Never');
  });

  it('creates a key, shows the secret once with a warning and a copy button, then never again', async () => {
    await render();

    click('[data-testid="open-create-key"]');
    await settle();
    const nameInput = inputOf('key-name')!;
    nameInput.value = 'script';
    nameInput.dispatchEvent(new Event('input'));
    await settle();
    click('[data-testid="key-create-submit"]');
    await settle(5);

    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      url: '/api/me/api-keys',
      body: { name: 'script' },
    });
    const shown = inputOf('created-key-value');
    expect(shown?.value).toBe(SECRET);
    expect(document.querySelector('[data-testid="created-key"]')?.textContent).toContain(
      'it will not be shown again',
    );

    click('[data-testid="copy-key"]');
    await settle();
    expect(navigator.clipboard.writeText).toHaveBeenCalledWith(SECRET);

    click('[data-testid="key-done"]');
    await settle(5);
    // The new key is listed by name and prefix only.
    expect(rowsText()[0]).toContain('script');
    expect(rowsText()[0]).toContain('ahk_9c1e5b');

    // Opening the dialog again starts a fresh form: the secret is gone from the page.
    click('[data-testid="open-create-key"]');
    await settle(5);
    expect(inputOf('created-key-value')).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('revokes a key after confirmation with DELETE and removes it from the list', async () => {
    await render();

    const revokeButtons = document.querySelectorAll<HTMLElement>('[data-testid="revoke-key"]');
    revokeButtons[1]!.click();
    await settle(5);
    const box = document.querySelector('.el-message-box');
    expect(box?.textContent).toContain('Revoke "ci-runner"?');
    click('.el-message-box .el-button--danger');
    await settle(5);

    expect(calls.filter((c) => c.method === 'DELETE')).toEqual([
      expect.objectContaining({
        url: '/api/me/api-keys/22222222-2222-4222-8222-222222222222',
        auth: 'Bearer access-token',
      }),
    ]);
    const rows = rowsText();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('laptop');
  });

  it('does not revoke when the confirmation is cancelled', async () => {
    await render();

    document.querySelectorAll<HTMLElement>('[data-testid="revoke-key"]')[0]!.click();
    await settle(5);
    const cancel = [...document.querySelectorAll<HTMLElement>('.el-message-box .el-button')].find((b) =>
      b.textContent?.includes('Cancel'),
    );
    cancel!.click();
    await settle(5);

    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    expect(rowsText()).toHaveLength(2);
  });
});
