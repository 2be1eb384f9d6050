import { Injectable } from '@nestjs/common';
import type { ValidationStatus } from '@agenthub/contracts';
import { guardedFetch, type GuardedResponse, HttpRequestError } from '@agenthub/engine';
import { OutboundPolicyService } from '../outbound/outbound-policy.service.js';
import { scrubSecrets } from '../secrets/secret-fields.js';

export interface ConnectionTestResult {
  status: ValidationStatus;
  error: string | null;
}

const TIMEOUT_MS = 15_000;
const MAX_ERROR_LENGTH = 500;

/** The upstream's own error message when it sent an OpenAI-style error body. */
function upstreamMessage(res: GuardedResponse): string {
  try {
    const body = JSON.parse(res.body) as { error?: { message?: unknown } | string; message?: unknown };
    const msg = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (typeof msg === 'string' && msg.trim()) return `HTTP ${res.status}: ${msg.trim()}`;
  } catch {
    /* not JSON */
  }
  return `HTTP ${res.status}`;
}

function listsModels(res: GuardedResponse): string[] | null {
  try {
    const body = JSON.parse(res.body) as { data?: Array<{ id?: unknown }> };
    if (!Array.isArray(body.data)) return null;
    return body.data.map((m) => (typeof m.id === 'string' ? m.id : '')).filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * Really talks to the configured service (through the SSRF-guarded fetch): lists the models of an
 * OpenAI-compatible server, or sends a one-token prompt when listing is unsupported or does not
 * show the configured model. Error texts are scrubbed of the config's secrets.
 */
@Injectable()
export class ConnectionTester {
  constructor(private readonly policy: OutboundPolicyService) {}

  async test(
    kind: string,
    settings: Record<string, unknown>,
    secrets: string[],
  ): Promise<ConnectionTestResult> {
    let result: ConnectionTestResult;
    switch (kind) {
      case 'demo':
        result = { status: 'valid', error: null };
        break;
      case 'openai_compatible':
        result = await this.testOpenAICompatible(settings);
        break;
      default:
        result = { status: 'unknown', error: `No connection test exists for provider kind ${kind}` };
    }
    if (result.error) {
      result.error = scrubSecrets(result.error, secrets).slice(0, MAX_ERROR_LENGTH);
    }
    return result;
  }

  private async testOpenAICompatible(settings: Record<string, unknown>): Promise<ConnectionTestResult> {
    const base = String(settings.baseURL ?? '').replace(/\/+$/, '');
    const model = String(settings.model ?? '');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (typeof settings.apiKey === 'string' && settings.apiKey)
      headers.authorization = `Bearer ${settings.apiKey}`;
    const opts = {
      headers,
      timeoutMs: TIMEOUT_MS,
      connectTimeoutMs: 5_000,
      maxBytes: 4 * 1024 * 1024,
      maxRedirects: 0,
      ssrf: await this.policy.ssrfOptions(),
    };
    try {
      const list = await guardedFetch(`${base}/models`, opts);
      if (list.status === 401 || list.status === 403) {
        return { status: 'invalid', error: `Authentication failed: ${upstreamMessage(list)}` };
      }
      const models = list.status >= 200 && list.status < 300 ? listsModels(list) : null;
      if (models && (models.length === 0 || models.includes(model))) return { status: 'valid', error: null };

      // Listing is unsupported, or the model is not listed (some servers list only a subset):
      // a one-token prompt is the real proof.
      const prompt = await guardedFetch(`${base}/chat/completions`, {
        ...opts,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          model,
          messages: [{ role: 'user', content: 'ping' }],
          max_tokens: 1,
          stream: false,
        }),
      });
      if (prompt.status >= 200 && prompt.status < 300) return { status: 'valid', error: null };
      if (prompt.status === 401 || prompt.status === 403) {
        return { status: 'invalid', error: `Authentication failed: ${upstreamMessage(prompt)}` };
      }
      return { status: 'invalid', error: `Test prompt to model ${model} failed: ${upstreamMessage(prompt)}` };
    } catch (err) {
      if (err instanceof HttpRequestError) {
        const what =
          err.code === 'ssrf_blocked'
            ? 'URL refused by the outbound network guard'
            : 'Cannot reach the server';
        return { status: 'invalid', error: `${what}: ${err.message}` };
      }
      throw err;
    }
  }
}
