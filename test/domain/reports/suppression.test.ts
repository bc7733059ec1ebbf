import { describe, expect, it } from 'vitest';
import { SUPPRESSED as S } from '../../../functions/domain/reports/annual-types';
import { average, monthDates, percent, percentile90, shiftMonth } from '../../../functions/domain/reports/figures';
import { count, part, protect, share } from '../../../functions/domain/reports/publishable';

describe('small counts', () => {
  it.each([
    [0, 0],
    [1, S],
    [4, S],
    [5, 5],
    [120, 120],
    [S, S],
  ] as const)('count(%s) is %s', (n, expected) => {
    expect(count(n)).toBe(expected);
  });

  it.each([
    // [part, whole, shown]
    [0, 0, 0],
    [0, 10, 0],
    [3, 10, S],
    [6, 10, S], // 4 left over would show
    [5, 10, 5],
    [10, 10, 10],
    [10, 14, S],
    [10, 15, 10],
    [7, S, S],
    [S, 10, S],
  ] as const)('part(%s of %s) is %s', (p, whole, expected) => {
    expect(part(p, whole)).toBe(expected);
  });

  it.each([
    [null, 0, 0, null],
    [50, 5, 10, 50],
    [60, 6, 10, S],
    [100, 3, 3, S],
    [0, 0, 3, S], // of a small whole
    [0, 0, 10, 0],
    [25, 5, 20, 25],
  ] as const)('share(%s%%: %s of %s) is %s', (value, p, whole, expected) => {
    expect(share(value, p, whole)).toBe(expected);
  });
});

describe('protecting a table whose totals are shown', () => {
  it.each([
    ['nothing small: nothing hidden', [[10], [7], [0]], false, [[10], [7], [0]]],
    ['one small cell: the smallest other non-zero cell too', [[10], [2], [7], [0]], false, [[10], [S], [S], [0]]],
    ['two small cells hide each other', [[10], [2], [3]], false, [[10], [S], [S]]],
    ['a small cell with only zeros beside it stays alone (its total is small and hidden too)', [[3], [0], [0]], false, [[S], [0], [0]]],
    ['each column on its own', [[1, 9], [9, 9], [8, 0]], false, [[S, 9], [9, 9], [S, 0]]],
    ['rows too when asked', [[1, 9, 6]], true, [[S, 9, S]]],
    ['a row and a column each with one', [[1, 6], [6, 6]], true, [[S, S], [S, S]]],
    ['a cell hidden for a row may leave an earlier column with one: it goes on until no line has', [[1, 5], [7, 0], [0, 5]], true, [[S, S], [S, 0], [0, S]]],
  ] as const)('%s', (_, cells, rows, expected) => {
    expect(protect(cells as unknown as number[][], rows)).toEqual(expected);
  });

  it('copes with an empty table', () => {
    expect(protect([], true)).toEqual([]);
    expect(protect([[2, 7]])).toEqual([[S, 7]]);
  });
});

describe('figures', () => {
  it.each([
    [0, 0, null],
    [2, 3, 66.7],
    [1, 3, 33.3],
    [1, 8, 12.5],
    [3, 3, 100],
    [0, 5, 0],
  ])('percent(%s, %s) is %s', (p, whole, expected) => {
    expect(percent(p, whole)).toBe(expected);
  });

  it.each([
    [[], null],
    [[3], 3],
    [[1, 2], 1.5],
    [[1, 1, 2], 1.3],
    [[1, 2, 2], 1.7],
  ])('average(%j) is %s', (values, expected) => {
    expect(average(values)).toBe(expected);
  });

  it.each([
    [[], null],
    [[7], 7],
    [[12, 6, 8, 12], 12],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 11], 10],
    [[5, 1], 5],
  ])('the 90th percentile (nearest rank) of %j is %s', (values, expected) => {
    expect(percentile90(values)).toBe(expected);
  });

  it('does not reorder the values it is given', () => {
    const values = [3, 1, 2];
    percentile90(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it.each([
    ['2026-05', -1, '2026-04'],
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-05', -12, '2025-05'],
    ['2026-05', 0, '2026-05'],
    ['0001-01', 0, '0001-01'],
  ])('shiftMonth(%s, %s) is %s', (month, n, expected) => {
    expect(shiftMonth(month, n)).toBe(expected);
  });

  it.each([
    ['2026-02', { from: '2026-02-01', to: '2026-02-28' }],
    ['2028-02', { from: '2028-02-01', to: '2028-02-29' }],
    ['2026-12', { from: '2026-12-01', to: '2026-12-31' }],
    ['2026-04', { from: '2026-04-01', to: '2026-04-30' }],
  ])('the days of %s', (month, expected) => {
    expect(monthDates(month)).toEqual(expected);
  });

  it('refuses what is not a month', () => {
    expect(() => shiftMonth('2026-00', 1)).toThrow('Expected a month as YYYY-MM, got "2026-00"');
    expect(() => monthDates('26-05')).toThrow(RangeError);
    expect(() => shiftMonth('x2026-05', 0)).toThrow(RangeError);
  });
});
