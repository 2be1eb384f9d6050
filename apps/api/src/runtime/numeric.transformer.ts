import type { ColumnOptions } from 'typeorm';

/**
 * pg returns `numeric` as a string to keep its precision; costs are small amounts in USD where a
 * double is precise enough, and the API exposes them as JSON numbers.
 */
export function numericColumn(name: string): ColumnOptions {
  return {
    name,
    type: 'numeric',
    precision: 18,
    scale: 8,
    transformer: {
      to: (value: number | null | undefined) => value,
      from: (value: string | null) => (value === null ? 0 : Number(value)),
    },
  };
}
