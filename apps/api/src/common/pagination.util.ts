import type { Page, PageQuery } from '@agenthub/contracts';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Runs a page of `qb` (count + slice) and maps the rows to DTOs. */
export async function paginate<E extends ObjectLiteral, T>(
  qb: SelectQueryBuilder<E>,
  query: PageQuery,
  toDto: (row: E) => T,
): Promise<Page<T>> {
  const [rows, total] = await qb
    .skip((query.page - 1) * query.pageSize)
    .take(query.pageSize)
    .getManyAndCount();
  return { items: rows.map(toDto), total, page: query.page, pageSize: query.pageSize };
}

/** Escapes LIKE wildcards so a search for `50%` matches the text, not everything. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
