import { bankHolidayTable, firstBankHolidayYear, lastBankHolidayYear } from './bank-holidays.generated';
import { BankHolidaysUnknownError } from './errors';
import type { Policy } from './policy';

/**
 * Working days, as DESIGN.md section 2 defines them: Monday to Friday, not a bank holiday of the
 * service's nation, not a closure day the service configures; time zone Europe/London.
 *
 * Calendar dates are handled as `YYYY-MM-DD` strings (they compare correctly as strings); instants
 * are `Date`s. Nothing here reads the clock or the environment.
 */

export const TIME_ZONE = 'Europe/London';

export type Nation = Policy['bankHolidays'];

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Each nation's bank holidays per year, as space-separated MM-DD: generated at build time from
 * date-holidays by `npm run holidays` (functions/cli/bank-holidays.ts). Typed here so that a nation
 * missing from the generated table fails to compile.
 */
const TABLE: Readonly<Record<Nation, Readonly<Partial<Record<number, string>>>>> = bankHolidayTable;

/** The span of years whose bank holidays are known. */
export const BANK_HOLIDAY_YEARS = { first: firstBankHolidayYear, last: lastBankHolidayYear } as const;

const isNation = (nation: string): nation is Nation => Object.hasOwn(TABLE, nation);

// ---------------------------------------------------------------------------------------------
// Calendar dates as YYYY-MM-DD strings

/** Parses a real calendar date written YYYY-MM-DD (year 0001 to 9999); undefined if it is not one. */
export function parseIsoDate(date: string): { year: number; month: number; day: number } | undefined {
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True when `date` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(date: string): boolean {
  return parseIsoDate(date) !== undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function requireIsoDate(date: string, what = 'date'): { year: number; month: number; day: number } {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new RangeError(`Expected ${what} as a real calendar date YYYY-MM-DD, got "${date}"`);
  return parsed;
}

/** Milliseconds of 00:00 UTC on a date (Date.UTC maps years 0-99 to 1900-1999, so avoid it). */
function utcMidnight(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function formatUtcDate(ms: number): string {
  const d = new Date(ms);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** The date `days` calendar days after (or before, if negative) `date`. */
export function addCalendarDays(date: string, days: number): string {
  const { year, month, day } = requireIsoDate(date);
  return formatUtcDate(utcMidnight(year, month, day) + days * MS_PER_DAY);
}

/** 0 = Sunday ... 6 = Saturday. */
function dayOfWeek(date: string): number {
  const { year, month, day } = requireIsoDate(date);
  return new Date(utcMidnight(year, month, day)).getUTCDay();
}

// ---------------------------------------------------------------------------------------------
// Europe/London wall clock <-> instants, using the platform's time-zone database (Intl)

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  era: 'short',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function londonWallClock(ms: number): WallClock {
  const parts: Record<string, string> = {};
  for (const p of londonParts.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const year = Number(parts.year);
  return {
    // Stryker disable next-line all: equivalent for every date this module accepts: only the day before 0001-01-01 is BC, and the candidate computed from it is filtered out in fromLondonWallClock
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** London's offset from UTC at an instant, in milliseconds (0 in GMT, 3 600 000 in BST). */
function londonOffsetMs(ms: number): number {
  const w = londonWallClock(ms);
  const wallAsUtc = utcMidnight(w.year, w.month, w.day) + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000;
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  return wallAsUtc - wholeSeconds;
}

/** The Europe/London calendar date (YYYY-MM-DD) of an instant. */
export function londonDate(instant: Date): string {
  const ms = requireInstant(instant, 'instant');
  const w = londonWallClock(ms);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/**
 * The instant at which London's clocks show `date` and the given time of day. A time skipped when the
 * clocks go forward is read with the offset in force before the change (01:30 on the last Sunday of
 * March is 02:30 BST); a time that happens twice when they go back is the first (BST) one.
 */
export function fromLondonWallClock(date: string, hour = 0, minute = 0, second = 0, millisecond = 0): Date {
  const { year, month, day } = requireIsoDate(date);
  if (![hour, minute, second, millisecond].every(Number.isInteger)) throw new RangeError('Time of day must be whole numbers');
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millisecond < 0 || millisecond > 999) {
    throw new RangeError(`Not a time of day: ${hour}:${minute}:${second}.${millisecond}`);
  }
  const wallAsUtc = utcMidnight(year, month, day) + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
  // The offsets in force either side of this date; London changes at most once in a day.
  const before = londonOffsetMs(wallAsUtc - MS_PER_DAY);
  const after = londonOffsetMs(wallAsUtc + MS_PER_DAY);
  // Both candidates hold only when the clocks go back, and then the offset before is the larger one,
  // so the first candidate is the earlier instant.
  const candidates = [...new Set([before, after])]
    .map((offset) => wallAsUtc - offset)
    .filter((ms) => londonOffsetMs(ms) === wallAsUtc - ms);
  const ms = candidates[0] ?? wallAsUtc - before;
  return new Date(ms);
}

/** 00:00:00.000 Europe/London at the start of `date`, as an instant. */
export function startOfDay(date: string): Date {
  return fromLondonWallClock(date);
}

/** 23:59:59.999 Europe/London at the end of `date`, as an instant (one millisecond before the next London midnight). */
export function endOfDay(date: string): Date {
  return new Date(startOfDay(addCalendarDays(date, 1)).getTime() - 1);
}

function requireInstant(instant: Date, what: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`Expected ${what} as a valid Date`);
  return ms;
}

// ---------------------------------------------------------------------------------------------
// Bank holidays

/** Bank holiday dates per nation and year, read from the table once each. */
const bankHolidayCache = new Map<string, ReadonlySet<string>>();

/**
 * The bank holidays of `nation` in `year`, as YYYY-MM-DD: date-holidays' `public` entries (never its
 * observances such as Mother's Day). Substitute days are listed beside the weekend date they
 * replace, which is harmless because weekends are never working days. Throws
 * BankHolidaysUnknownError for a year outside the table rather than guess that it has none.
 */
export function bankHolidays(nation: Nation, year: number): ReadonlySet<string> {
  if (!isNation(nation)) throw new RangeError(`Unknown bank holiday nation "${nation}"`);
  const key = `${nation}:${year}`;
  let set = bankHolidayCache.get(key);
  if (!set) {
    // The generated table holds exactly the years BANK_HOLIDAY_YEARS.first to .last (four digits), each
    // with at least one holiday (calendar-bank-holidays.test.ts holds it to the library year by year).
    const days = TABLE[nation][year];
    if (days === undefined) {
      throw new BankHolidaysUnknownError(nation, year, BANK_HOLIDAY_YEARS.first, BANK_HOLIDAY_YEARS.last);
    }
    set = new Set(days.split(' ').map((monthDay) => `${year}-${monthDay}`));
    bankHolidayCache.set(key, set);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------
// The calendar

/** Guards the day-by-day walks: no policy closes for ten years. */
const MAX_DAYS_SCANNED = 3660;

export class WorkingDayCalendar {
  readonly bankHolidays: Nation;
  private readonly closureDays: ReadonlySet<string>;

  constructor(options: { bankHolidays: Nation; closureDays: readonly string[] }) {
    if (!isNation(options.bankHolidays)) throw new RangeError(`Unknown bank holiday nation "${options.bankHolidays}"`);
    for (const d of options.closureDays) requireIsoDate(d, 'a closure day');
    this.bankHolidays = options.bankHolidays;
    this.closureDays = new Set(options.closureDays);
  }

  static fromPolicy(policy: Pick<Policy, 'bankHolidays' | 'closureDays'>): WorkingDayCalendar {
    return new WorkingDayCalendar({ bankHolidays: policy.bankHolidays, closureDays: policy.closureDays });
  }

  /** The Europe/London calendar date (YYYY-MM-DD) of an instant. */
  londonDate(instant: Date): string {
    return londonDate(instant);
  }

  startOfDay(date: string): Date {
    return startOfDay(date);
  }

  endOfDay(date: string): Date {
    return endOfDay(date);
  }

  isBankHoliday(date: string): boolean {
    const { year } = requireIsoDate(date);
    return bankHolidays(this.bankHolidays, year).has(date);
  }

  isClosureDay(date: string): boolean {
    requireIsoDate(date);
    return this.closureDays.has(date);
  }

  /**
   * Monday to Friday, not a bank holiday of the nation, not a configured closure day. A date outside
   * the bank holiday table throws BankHolidaysUnknownError, even on a weekend, so that whether a
   * date can be counted never depends on its day of the week.
   */
  isWorkingDay(date: string): boolean {
    const holiday = this.isBankHoliday(date);
    const dow = dayOfWeek(date);
    if (dow === 0 || dow === 6) return false;
    return !holiday && !this.closureDays.has(date);
  }

  /** The date of working day N counted from `date`: the date itself never counts, day 1 is the first working day after it. */
  addWorkingDays(date: string, workingDays: number): string {
    requireWorkingDays(workingDays);
    let day = date;
    let counted = 0;
    for (let scanned = 0; counted < workingDays; scanned++) {
      if (scanned > MAX_DAYS_SCANNED) throw new RangeError(`No ${workingDays} working days within ten years of ${date}`);
      day = addCalendarDays(day, 1);
      if (this.isWorkingDay(day)) counted++;
    }
    return day;
  }

  /**
   * The deadline of `workingDays` working days from receipt: the London date of receipt is not
   * counted, whatever day or time receipt fell on; day 1 is the first working day after it; the
   * deadline is the end of day N, 23:59:59.999 Europe/London.
   */
  deadline(receivedAt: Date, workingDays: number): Date {
    requireInstant(receivedAt, 'receivedAt');
    return endOfDay(this.addWorkingDays(londonDate(receivedAt), workingDays));
  }

  /** How many working days d satisfy londonDate(from) < d <= londonDate(to); 0 when `to` is on or before `from`'s date. */
  workingDaysBetween(from: Date, to: Date): number {
    requireInstant(from, 'from');
    requireInstant(to, 'to');
    const first = londonDate(from);
    const last = londonDate(to);
    let count = 0;
    for (let day = addCalendarDays(first, 1); day <= last; day = addCalendarDays(day, 1)) {
      if (this.isWorkingDay(day)) count++;
    }
    return count;
  }
}

function requireWorkingDays(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`The number of working days must be a positive whole number, got ${n}`);
  }
}
