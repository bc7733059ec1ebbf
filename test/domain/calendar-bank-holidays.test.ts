import Holidays from 'date-holidays';
import { describe, expect, it, vi } from 'vitest';
import { BANK_HOLIDAY_YEARS, WorkingDayCalendar, bankHolidays, type Nation } from '../../functions/domain/calendar';
import { BankHolidaysUnknownError, DomainError } from '../../functions/domain/errors';

/*
 * The calendar reads a table generated at build time (npm run holidays) instead of date-holidays.
 * These tests hold the table to the library, year by year, and check what happens outside it.
 */

const nations: [Nation, string][] = [
  ['england-and-wales', 'ENG'],
  ['scotland', 'SCT'],
  ['northern-ireland', 'NIR'],
];

const years = Array.from({ length: BANK_HOLIDAY_YEARS.last - BANK_HOLIDAY_YEARS.first + 1 }, (_, i) => BANK_HOLIDAY_YEARS.first + i);

describe('the bank holiday table', () => {
  it.each(nations)('holds exactly date-holidays\' public holidays of %s (GB-%s) for every year it covers', async (nation, region) => {
    // A freshly loaded calendar, so that every year is read from the table here, not from an earlier test's cache.
    vi.resetModules();
    const { bankHolidays } = await import('../../functions/domain/calendar');
    const library = new Holidays('GB', region);
    for (const year of years) {
      // `date` is London local time; observances (Mother's Day, Easter Sunday, ...) are not bank holidays.
      const expected = [...new Set(library.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)))].sort();
      expect([...bankHolidays(nation, year)].sort(), `${nation} ${year}`).toEqual(expected);
      expect(expected.length, `${nation} ${year}`).toBeGreaterThanOrEqual(8);
    }
  });

  it('covers the ten years ahead of today that a deadline may look into', () => {
    // Fails ten years before the table runs out: time to extend the span and regenerate.
    expect(BANK_HOLIDAY_YEARS.last).toBeGreaterThanOrEqual(new Date().getFullYear() + 10);
    expect(BANK_HOLIDAY_YEARS.first).toBeLessThanOrEqual(2020);
  });
});

describe('outside the bank holiday table', () => {
  const england = new WorkingDayCalendar({ bankHolidays: 'england-and-wales', closureDays: [] });
  const after = BANK_HOLIDAY_YEARS.last + 1;
  const before = BANK_HOLIDAY_YEARS.first - 1;

  it.each(nations)('refuses the year after the last for %s with BankHolidaysUnknownError', (nation) => {
    expect(() => bankHolidays(nation, after)).toThrow(BankHolidaysUnknownError);
    expect(() => bankHolidays(nation, before)).toThrow(BankHolidaysUnknownError);
    expect(bankHolidays(nation, BANK_HOLIDAY_YEARS.last).size).toBeGreaterThan(0);
  });

  it('says which nation, which year and which years are known', () => {
    let error: unknown;
    try {
      england.isWorkingDay(`${after}-01-02`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BankHolidaysUnknownError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      name: 'BankHolidaysUnknownError',
      nation: 'england-and-wales',
      year: after,
      firstYear: BANK_HOLIDAY_YEARS.first,
      lastYear: BANK_HOLIDAY_YEARS.last,
      message: `The bank holidays of england-and-wales are known for ${BANK_HOLIDAY_YEARS.first} to ${BANK_HOLIDAY_YEARS.last} only, not ${after}: extend the span in functions/cli/bank-holidays.ts and run npm run holidays`,
    });
  });

  it('refuses a deadline that runs past the last year instead of counting unknown holidays as working days', () => {
    const lateDecember = new Date(`${BANK_HOLIDAY_YEARS.last}-12-20T12:00:00Z`);
    expect(() => england.deadline(lateDecember, 30)).toThrow(BankHolidaysUnknownError);
    expect(() => england.workingDaysBetween(lateDecember, new Date(`${after}-01-10T12:00:00Z`))).toThrow(BankHolidaysUnknownError);
  });

  it('refuses a date before the first year', () => {
    expect(() => england.isWorkingDay(`${before}-06-04`)).toThrow(BankHolidaysUnknownError);
    expect(() => england.deadline(new Date(`${before}-12-30T12:00:00Z`), 1)).toThrow(BankHolidaysUnknownError);
  });

  it('refuses a weekend outside the table too, so the answer never depends on the day of the week', () => {
    const firstSaturday = [1, 2, 3, 4, 5, 6, 7].map((d) => `${after}-01-0${d}`).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6);
    expect(firstSaturday).toMatch(new RegExp(`^${after}-01-0[1-7]$`));
    expect(() => england.isWorkingDay(firstSaturday!)).toThrow(BankHolidaysUnknownError);
  });

  it('still counts within the last year of the table', () => {
    const lastYear = BANK_HOLIDAY_YEARS.last;
    const deadline = england.deadline(new Date(`${lastYear}-12-01T12:00:00Z`), 5);
    expect(england.londonDate(deadline)).toMatch(new RegExp(`^${lastYear}-12-(0[6-9]|1[0-2])$`));
  });
});
