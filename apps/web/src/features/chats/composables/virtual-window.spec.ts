import { describe, expect, it } from 'vitest';
import { computeWindow, isNearBottom, itemOffsets } from './virtual-window';

const uniform = (n: number, h: number) => Array.from({ length: n }, () => h);

describe('computeWindow', () => {
  it('renders only the items that meet the viewport plus the overscan, with spacers for the rest', () => {
    // 500 messages of 100px, viewport 600px scrolled to 10 000px, 200px overscan.
    const r = computeWindow({
      heights: uniform(500, 100),
      estimate: 100,
      scrollTop: 10_000,
      viewportHeight: 600,
      overscan: 200,
    });
    expect(r.start).toBe(98); // top edge 9 800px
    expect(r.end).toBe(109); // bottom edge 10 800px lies in item 108
    expect(r.before).toBe(9_800);
    expect(r.after).toBe(50_000 - 10_900);
    expect(r.total).toBe(50_000);
    expect(r.before + (r.end - r.start) * 100 + r.after).toBe(r.total);
  });

  it('uses measured heights where known and the estimate elsewhere', () => {
    const heights = [40, undefined, 300, undefined];
    expect(itemOffsets(heights, 100)).toEqual([0, 40, 140, 440, 540]);
    const r = computeWindow({ heights, estimate: 100, scrollTop: 150, viewportHeight: 100, overscan: 0 });
    expect([r.start, r.end]).toEqual([2, 3]);
    expect([r.before, r.after, r.total]).toEqual([140, 100, 540]);
  });

  it('clamps at the top and the bottom, and handles an empty list', () => {
    const top = computeWindow({
      heights: uniform(10, 50),
      estimate: 50,
      scrollTop: 0,
      viewportHeight: 120,
      overscan: 100,
    });
    expect([top.start, top.end, top.before]).toEqual([0, 5, 0]);
    const bottom = computeWindow({
      heights: uniform(10, 50),
      estimate: 50,
      scrollTop: 380,
      viewportHeight: 120,
      overscan: 100,
    });
    expect([bottom.end, bottom.after]).toEqual([10, 0]);
    expect(
      computeWindow({ heights: [], estimate: 50, scrollTop: 0, viewportHeight: 100, overscan: 0 }),
    ).toEqual({
      start: 0,
      end: 0,
      before: 0,
      after: 0,
      total: 0,
    });
  });

  it('always renders at least one item, even when scrolled past the end', () => {
    const r = computeWindow({
      heights: uniform(3, 10),
      estimate: 10,
      scrollTop: 5_000,
      viewportHeight: 100,
      overscan: 0,
    });
    expect([r.start, r.end]).toEqual([2, 3]);
  });
});

describe('isNearBottom', () => {
  it('is true within the tolerance of the end and false once the user scrolled up', () => {
    expect(isNearBottom(900, 100, 1_000)).toBe(true);
    expect(isNearBottom(870, 100, 1_000)).toBe(true);
    expect(isNearBottom(500, 100, 1_000)).toBe(false);
  });
});
