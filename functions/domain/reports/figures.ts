import { addCalendarDays } from '../calendar';
import { MONTH } from './monthly-schema';

/** Small arithmetic shared by the monthly and annual reports. Pure. */

/** `part` of `whole` as a percentage to one decimal place; null when `whole` is 0. */
export function percent(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}

/** The mean to one decimal place; null for no values. */
export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sum = values.reduce((a, b) => a + b, 0);
  return Math.round((sum * 10) / values.length) / 10;
}

/** The 90th percentile by the nearest-rank method (the smallest value at or above 90% of them); null for none. */
export function percentile90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1]!;
}

/** Throws RangeError unless `month` is YYYY-MM. */
export function requireMonth(month: string): void {
  if (!MONTH.test(month)) throw new RangeError(`Expected a month as YYYY-MM, got "${month}"`);
}

/** The month `n` months after (or before, if negative) `month`. */
export function shiftMonth(month: string, n: number): string {
  requireMonth(month);
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first and last London dates of a month. */
export function monthDates(month: string): { from: string; to: string } {
  // shiftMonth refuses anything but YYYY-MM.
  return { from: `${month}-01`, to: addCalendarDays(`${shiftMonth(month, 1)}-01`, -1) };
}
