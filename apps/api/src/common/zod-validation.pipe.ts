import type { PipeTransform } from '@nestjs/common';
import type { ErrorDetail } from '@agenthub/contracts';
import type { z } from 'zod';
import { DomainError } from './domain-error.js';
import { findUnstorableText } from './unstorable-text.util.js';

export type RequestPart = 'body' | 'query' | 'params';

export function zodIssuesToDetails(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly string[],
): ErrorDetail[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)].join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

/** Validates (and coerces/defaults) one part of the request with a zod schema from contracts. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly part: RequestPart,
    /** For a single path parameter: its name, so errors point at `params.<field>`. */
    private readonly field?: string,
  ) {}

  transform(value: unknown): z.output<S> {
    const prefix = this.field ? [this.part, this.field] : [this.part];
    // Checked before the schema: no route may pass such text on to PostgreSQL.
    const unstorable = findUnstorableText(value, prefix);
    if (unstorable.length > 0) throw DomainError.validation(unstorable);
    // A request without a body has `undefined` here; validating `{}` names each missing field.
    const result = this.schema.safeParse(value ?? (this.part === 'body' ? {} : value));
    if (!result.success) throw DomainError.validation(zodIssuesToDetails(result.error.issues, prefix));
    return result.data;
  }
}
