import {
  guardedFetch,
  hashingEmbedding,
  HASHING_EMBEDDING_DIMENSIONS,
  type SsrfOptions,
} from '@agenthub/engine';
import { KnowledgeErrorCodes } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';

export const DEMO_EMBEDDING_MODEL = `hashing-${HASHING_EMBEDDING_DIMENSIONS}`;
const BATCH = 64;
const TIMEOUT_MS = 60_000;

/** Turns texts into vectors of one model; both adapters return unit-length vectors. */
export interface EmbeddingPort {
  readonly model: string;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

export class DemoEmbedding implements EmbeddingPort {
  readonly model = DEMO_EMBEDDING_MODEL;
  embed(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((t) => hashingEmbedding(t)));
  }
}

export interface OpenAIEmbeddingConfig {
  baseURL: string;
  apiKey?: string;
  model: string;
  ssrf: SsrfOptions;
}

/** `POST {baseURL}/embeddings` of an OpenAI-compatible server, batched, through the SSRF guard. */
export class OpenAICompatibleEmbedding implements EmbeddingPort {
  readonly model: string;
  constructor(private readonly config: OpenAIEmbeddingConfig) {
    this.model = config.model;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH)
      out.push(...(await this.batch(texts.slice(i, i + BATCH), signal)));
    return out;
  }

  private async batch(input: string[], signal?: AbortSignal): Promise<number[][]> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.config.apiKey) headers.authorization = `Bearer ${this.config.apiKey}`;
    let res;
    try {
      res = await guardedFetch(`${this.config.baseURL.replace(/\/+$/, '')}/embeddings`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: this.model, input }),
        timeoutMs: TIMEOUT_MS,
        maxBytes: 64 * 1024 * 1024,
        maxRedirects: 0,
        ssrf: this.config.ssrf,
        signal,
      });
    } catch (err) {
      throw embeddingError(`Embedding server unreachable: ${(err as Error).message}`);
    }
    if (res.status < 200 || res.status >= 300)
      throw embeddingError(`Embedding server answered ${res.status}: ${res.body.slice(0, 300)}`);
    const parsed = JSON.parse(res.body) as { data?: Array<{ index?: number; embedding?: unknown }> };
    const data = [...(parsed.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    if (data.length !== input.length || !data.every((d) => Array.isArray(d.embedding)))
      throw embeddingError('Embedding server returned a malformed response');
    return data.map((d) => normalise(d.embedding as number[]));
  }
}

function normalise(v: number[]): number[] {
  const n = Math.hypot(...v);
  return n === 0 ? v : v.map((x) => x / n);
}

function embeddingError(message: string): DomainError {
  return DomainError.unprocessable(KnowledgeErrorCodes.embeddingFailed, message);
}
