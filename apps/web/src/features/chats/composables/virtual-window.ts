/**
 * Windowing math for long conversations: only the messages that intersect the viewport (plus an
 * overscan margin) are rendered; spacers above and below stand in for the rest. Heights are
 * measured once rendered and estimated before that. Pure functions, no DOM.
 */

export interface WindowInput {
  /** Height of each item in order: measured, or undefined when not measured yet. */
  heights: ReadonlyArray<number | undefined>;
  /** Height assumed for items not measured yet. */
  estimate: number;
  scrollTop: number;
  viewportHeight: number;
  /** Extra pixels rendered above and below the viewport, so fast scrolling shows no gaps. */
  overscan: number;
}

export interface WindowRange {
  /** First rendered index. */
  start: number;
  /** One past the last rendered index. */
  end: number;
  /** Height of the spacer above the rendered items. */
  before: number;
  /** Height of the spacer below the rendered items. */
  after: number;
  total: number;
}

/** Offset of the top of each item, plus the total height as the last entry. */
export function itemOffsets(heights: ReadonlyArray<number | undefined>, estimate: number): number[] {
  const offsets = new Array<number>(heights.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + (heights[i] ?? estimate);
  return offsets;
}

/** The last index whose top is at or above `y` (binary search over the offsets). */
function indexAt(offsets: readonly number[], count: number, y: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function computeWindow(input: WindowInput): WindowRange {
  const count = input.heights.length;
  const offsets = itemOffsets(input.heights, input.estimate);
  const total = offsets[count]!;
  if (count === 0) return { start: 0, end: 0, before: 0, after: 0, total: 0 };
  const top = Math.max(0, input.scrollTop - input.overscan);
  const bottom = input.scrollTop + input.viewportHeight + input.overscan;
  const start = indexAt(offsets, count, top);
  let end = indexAt(offsets, count, bottom) + 1;
  if (end <= start) end = start + 1;
  end = Math.min(end, count);
  return { start, end, before: offsets[start]!, after: total - offsets[end]!, total };
}

/** Whether a scroll position counts as "at the bottom" (then streaming keeps it there). */
export function isNearBottom(
  scrollTop: number,
  viewportHeight: number,
  scrollHeight: number,
  tolerance = 48,
): boolean {
  return scrollHeight - (scrollTop + viewportHeight) <= tolerance;
}
