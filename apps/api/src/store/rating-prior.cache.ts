import { Injectable } from '@nestjs/common';
import { StoreAgentRepository } from './store-agent.repository.js';

const TTL_MS = 30_000;

/**
 * The global mean rating (the Bayesian prior) changes slowly and costs an aggregate over all
 * agents, so every listing shares one value for a short while. A rating written through this
 * process invalidates it at once; other replicas catch up within the TTL.
 */
@Injectable()
export class RatingPriorCache {
  private cached: { value: number; at: number } | null = null;
  private pending: Promise<number> | null = null;

  constructor(private readonly agents: StoreAgentRepository) {}

  async get(): Promise<number> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.value;
    this.pending ??= this.agents
      .globalRatingMean()
      .then((value) => {
        this.cached = { value, at: Date.now() };
        return value;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }
}
