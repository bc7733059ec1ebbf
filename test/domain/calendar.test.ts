import { describe, expect, it, vi } from 'vitest';
import {
  WorkingDayCalendar,
  addCalendarDays,
  bankHolidays,
  fromLondonWallClock,
  isIsoDate,
  londonDate,
  parseIsoDate,
  type Nation,
} from '../../functions/domain/calendar';
import { defaultPolicy } from '../../functions/domain/policy';

/*
 * Every expected date below was worked out by hand from the day of the week and the gov.uk lists
 * of UK bank holidays (https://www.gov.uk/bank-holidays), not copied from the code's output.
 *
 * Weekdays used: 1 Jan 2026 is a Thursday; 1 Jan 2027 a Friday; 1 Jan 2022 a Saturday.
 * Clocks: BST 2026 runs from 01:00 UTC Sunday 29 March to 01:00 UTC Sunday 25 October, so the
 * end of a London day is 22:59:59.999Z in BST and 23:59:59.999Z in GMT.
 */

const england = new WorkingDayCalendar({ bankHolidays: 'england-and-wales', closureDays: [] });
const scotland = new WorkingDayCalendar({ bankHolidays: 'scotland', closureDays: [] });
const northernIreland = new WorkingDayCalendar({ bankHolidays: 'northern-ireland', closureDays: [] });

/** Receipt at noon London time on a date (GMT or BST, noon is the same London date either way). */
const noonOn = (date: string) => new Date(`${date}T12:00:00Z`);
const gmtEnd = (date: string) => `${date}T23:59:59.999Z`;
const bstEnd = (date: string) => `${date}T22:59:59.999Z`;

describe('WorkingDayCalendar.deadline (England and Wales)', () => {
  it.each([
    // Ordinary weekdays in January 2026 (GMT).
    ['Mon 12 Jan, 1 day: day 1 is Tue 13', '2026-01-12T09:00:00Z', 1, gmtEnd('2026-01-13')],
    ['Mon 12 Jan, 5 days: Tue-Fri then Mon 19', '2026-01-12T09:00:00Z', 5, gmtEnd('2026-01-19')],
    ['Wed 14 Jan, 7 days: Thu 15, Fri 16, Mon 19 ... Fri 23', '2026-01-14T09:00:00Z', 7, gmtEnd('2026-01-23')],
    // Receipt at the end of the week: the day of receipt never counts, day 1 is the next working day.
    ['Fri 16 Jan, 1 day: Monday', '2026-01-16T09:00:00Z', 1, gmtEnd('2026-01-19')],
    ['Sat 17 Jan, 1 day: Monday is day 1 (Sunday is not a working day)', '2026-01-17T09:00:00Z', 1, gmtEnd('2026-01-19')],
    ['Sun 18 Jan, 1 day: Monday is day 1', '2026-01-18T09:00:00Z', 1, gmtEnd('2026-01-19')],
    ['Sun 18 Jan, 2 days: Tuesday', '2026-01-18T09:00:00Z', 2, gmtEnd('2026-01-20')],
    ['Mon 19 Jan, 1 day: Tuesday (contrast with receipt on Sunday)', '2026-01-19T09:00:00Z', 1, gmtEnd('2026-01-20')],
    // Late at night. Wed 10 June 2026 is in BST.
    ['23:30 BST Wed 10 Jun (22:30Z) is still Wednesday: day 1 Thu 11', '2026-06-10T22:30:00Z', 1, bstEnd('2026-06-11')],
    ['23:30Z Wed 10 Jun is 00:30 BST Thursday: day 1 Fri 12', '2026-06-10T23:30:00Z', 1, bstEnd('2026-06-12')],
    ['22:59:59.999Z is the last moment of Wednesday in BST', '2026-06-10T22:59:59.999Z', 1, bstEnd('2026-06-11')],
    ['23:00:00.000Z is London midnight, Thursday in BST', '2026-06-10T23:00:00.000Z', 1, bstEnd('2026-06-12')],
    ['23:30Z Wed 14 Jan is 23:30 GMT, still Wednesday: day 1 Thu 15', '2026-01-14T23:30:00Z', 1, gmtEnd('2026-01-15')],
    ['23:30Z Fri 16 Jan is still Friday in GMT: day 1 Monday', '2026-01-16T23:30:00Z', 1, gmtEnd('2026-01-19')],
  ])('%s', (_why, receivedAt, n, expected) => {
    expect(england.deadline(new Date(receivedAt), n).toISOString()).toBe(expected);
  });

  it.each([
    // Easter 2026: Good Friday 3 April, Easter Monday 6 April (both BST).
    ['Thu 2 Apr, 1 day: skips Good Friday, the weekend and Easter Monday', '2026-04-02', 1, bstEnd('2026-04-07')],
    ['Thu 2 Apr, 2 days: Tue 7, Wed 8', '2026-04-02', 2, bstEnd('2026-04-08')],
    ['received on Good Friday: day 1 is Tue 7', '2026-04-03', 1, bstEnd('2026-04-07')],
    ['received on Easter Monday: day 1 is Tue 7', '2026-04-06', 1, bstEnd('2026-04-07')],
    // May and August bank holidays 2026: Mon 4 May (early May), Mon 25 May (spring), Mon 31 Aug (summer).
    ['Fri 1 May, 1 day: skips early May bank holiday Mon 4', '2026-05-01', 1, bstEnd('2026-05-05')],
    ['Fri 22 May, 1 day: skips spring bank holiday Mon 25', '2026-05-22', 1, bstEnd('2026-05-26')],
    ['Fri 28 Aug, 1 day: skips summer bank holiday Mon 31, into September', '2026-08-28', 1, bstEnd('2026-09-01')],
    ['received on the spring bank holiday Mon 25 May: day 1 Tue 26', '2026-05-25', 1, bstEnd('2026-05-26')],
    // Christmas 2026: Fri 25 Dec, Sat 26 Dec, so Boxing Day's substitute is Mon 28 Dec (GMT).
    ['Wed 23 Dec, 1 day: Thu 24', '2026-12-23', 1, gmtEnd('2026-12-24')],
    ['Wed 23 Dec, 2 days: Thu 24, then Tue 29 (25 and 28 are bank holidays)', '2026-12-23', 2, gmtEnd('2026-12-29')],
    ['Wed 23 Dec, 5 days: 24, 29, 30, 31, then Mon 4 Jan 2027 (Fri 1 Jan is New Year)', '2026-12-23', 5, gmtEnd('2027-01-04')],
    ['Thu 24 Dec, 1 day: Tue 29', '2026-12-24', 1, gmtEnd('2026-12-29')],
    ['received on Christmas Day, 1 day: Tue 29', '2026-12-25', 1, gmtEnd('2026-12-29')],
    // Christmas 2027: Sat 25 and Sun 26 Dec, substitutes Mon 27 and Tue 28 Dec.
    ['Thu 23 Dec 2027, 1 day: Fri 24', '2027-12-23', 1, gmtEnd('2027-12-24')],
    ['Fri 24 Dec 2027, 1 day: Wed 29 (both substitute days skipped)', '2027-12-24', 1, gmtEnd('2027-12-29')],
    ['Thu 23 Dec 2027, 2 days: Fri 24, Wed 29', '2027-12-23', 2, gmtEnd('2027-12-29')],
    // Christmas 2022: Sun 25 Dec, Boxing Day Mon 26, Christmas substitute Tue 27.
    ['Fri 23 Dec 2022, 1 day: Wed 28', '2022-12-23', 1, gmtEnd('2022-12-28')],
    // New Year 2022: Sat 1 Jan, substitute Mon 3 Jan.
    ['Fri 31 Dec 2021, 1 day: Tue 4 Jan 2022', '2021-12-31', 1, gmtEnd('2022-01-04')],
    // One-off bank holidays.
    ['2022 jubilee: Wed 1 Jun, 1 day skips Thu 2 (moved spring holiday) and Fri 3 Jun', '2022-06-01', 1, bstEnd('2022-06-06')],
    ['2022: Fri 27 May, 1 day is Mon 30 May, a working day because spring holiday moved to 2 June', '2022-05-27', 1, bstEnd('2022-05-30')],
    ["2022 Queen's funeral: Fri 16 Sep, 1 day skips Mon 19 Sep", '2022-09-16', 1, bstEnd('2022-09-20')],
    ['2023 coronation: Fri 5 May, 1 day skips Mon 8 May', '2023-05-05', 1, bstEnd('2023-05-09')],
    ['2023: Fri 28 Apr, 1 day skips early May holiday Mon 1 May', '2023-04-28', 1, bstEnd('2023-05-02')],
    ['2020 VE day: Thu 7 May, 1 day skips Fri 8 May', '2020-05-07', 1, bstEnd('2020-05-11')],
    ['2020: Fri 1 May, 1 day is Mon 4 May, a working day because early May holiday moved to the 8th', '2020-05-01', 1, bstEnd('2020-05-04')],
  ])('%s', (_why, receivedOn, n, expected) => {
    expect(england.deadline(noonOn(receivedOn), n).toISOString()).toBe(expected);
  });

  describe('around the clock changes (2026: forward Sun 29 Mar, back Sun 25 Oct)', () => {
    it.each([
      ['deadline on Fri 27 Mar, last weekday in GMT: 23:59:59.999Z', '2026-03-26T12:00:00Z', 1, gmtEnd('2026-03-27')],
      ['deadline on Mon 30 Mar, first weekday in BST: 22:59:59.999Z', '2026-03-27T12:00:00Z', 1, bstEnd('2026-03-30')],
      ['received 02:30 BST on the Sunday clocks go forward (01:30Z): day 1 Mon 30', '2026-03-29T01:30:00Z', 1, bstEnd('2026-03-30')],
      ['received 00:30 GMT Sun 29 Mar, before the change: day 1 Mon 30', '2026-03-29T00:30:00Z', 1, bstEnd('2026-03-30')],
      ['deadline on Fri 23 Oct, last weekday in BST: 22:59:59.999Z', '2026-10-22T12:00:00Z', 1, bstEnd('2026-10-23')],
      ['deadline on Mon 26 Oct, first weekday in GMT: 23:59:59.999Z', '2026-10-23T12:00:00Z', 1, gmtEnd('2026-10-26')],
      ['23:30Z Sat 24 Oct is 00:30 BST Sun 25: day 1 Mon 26', '2026-10-24T23:30:00Z', 1, gmtEnd('2026-10-26')],
      ['23:30Z Fri 23 Oct is 00:30 BST Sat 24: day 1 Mon 26, not Fri', '2026-10-23T23:30:00Z', 1, gmtEnd('2026-10-26')],
      ['22:30Z Fri 23 Oct is 23:30 BST Fri: day 1 Mon 26', '2026-10-23T22:30:00Z', 1, gmtEnd('2026-10-26')],
      ['23:30Z Thu 22 Oct is 00:30 BST Fri 23: day 1 Mon 26', '2026-10-22T23:30:00Z', 1, gmtEnd('2026-10-26')],
    ])('%s', (_why, receivedAt, n, expected) => {
      expect(england.deadline(new Date(receivedAt), n).toISOString()).toBe(expected);
    });
  });

  describe('the procedure timescales from receipt on Mon 2 March 2026', () => {
    const receipt = noonOn('2026-03-02');
    it.each([
      // Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, Tue 10, Wed 11.
      ['acknowledge within 7 working days: Wed 11 Mar (GMT)', 7, gmtEnd('2026-03-11')],
      // ... Thu 12, Fri 13, Mon 16.
      ['stage 1, 10 working days: Mon 16 Mar', 10, gmtEnd('2026-03-16')],
      // ... 17-20 (4), 23-27 (5), Mon 30 = day 20, the first Monday in BST.
      ['stage 2, 20 working days: Mon 30 Mar (BST)', 20, bstEnd('2026-03-30')],
      // ... Tue 31 (21), 1-2 Apr (23), Good Friday and Easter Monday skipped, 7-10 Apr (27), 13-15 Apr (30).
      ['stage 3, 30 working days: Wed 15 Apr, after Easter', 30, bstEnd('2026-04-15')],
    ])('%s', (_why, n, expected) => {
      expect(england.deadline(receipt, n).toISOString()).toBe(expected);
    });

    it('chains: 10 working days from the end of the 10th working day is the 20th', () => {
      expect(england.deadline(england.deadline(receipt, 10), 10)).toEqual(england.deadline(receipt, 20));
      expect(england.deadline(england.deadline(receipt, 20), 10)).toEqual(england.deadline(receipt, 30));
    });
  });

  it('counts 20 working days across Christmas and New Year 2026', () => {
    // From Mon 14 Dec 2026: 15-18 (4), 21-24 (8), 29-31 (11), Mon 4 - Fri 8 Jan 2027 (16), 11-14 Jan (20).
    expect(england.deadline(noonOn('2026-12-14'), 20).toISOString()).toBe(gmtEnd('2027-01-14'));
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s working days with a RangeError', (n) => {
    expect(() => england.deadline(noonOn('2026-01-12'), n)).toThrow(RangeError);
  });
});

describe('closure days', () => {
  const shutDown = new WorkingDayCalendar({
    bankHolidays: 'england-and-wales',
    closureDays: ['2026-12-29', '2026-12-30', '2026-12-31'],
  });

  it('skips configured closure days when counting', () => {
    // Thu 24 Dec: 25 and 28 bank holidays, 29-31 closed, Fri 1 Jan 2027 New Year's Day: Mon 4 Jan.
    expect(shutDown.deadline(noonOn('2026-12-24'), 1).toISOString()).toBe(gmtEnd('2027-01-04'));
    expect(england.deadline(noonOn('2026-12-24'), 1).toISOString()).toBe(gmtEnd('2026-12-29'));
  });

  it('does not count the day of receipt even when receipt is on a closure day', () => {
    expect(shutDown.deadline(noonOn('2026-12-30'), 1).toISOString()).toBe(gmtEnd('2027-01-04'));
  });

  it('treats a closure day as not a working day', () => {
    expect(shutDown.isWorkingDay('2026-12-30')).toBe(false);
    expect(shutDown.isWorkingDay('2027-01-04')).toBe(true);
  });

  it('is built from the policy', () => {
    const fromPolicy = WorkingDayCalendar.fromPolicy({ ...defaultPolicy, closureDays: ['2026-01-13'] });
    // Mon 12 Jan, 1 day: Tue 13 is closed, so Wed 14.
    expect(fromPolicy.deadline(noonOn('2026-01-12'), 1).toISOString()).toBe(gmtEnd('2026-01-14'));
    expect(WorkingDayCalendar.fromPolicy(defaultPolicy).bankHolidays).toBe('england-and-wales');
  });

  it('rejects a closure day that is not a real date', () => {
    expect(() => new WorkingDayCalendar({ bankHolidays: 'scotland', closureDays: ['2026-02-30'] })).toThrow(RangeError);
  });
});

describe('Scotland and Northern Ireland bank holidays differ from England', () => {
  it.each([
    // 2 January is a Scottish bank holiday: Fri 2 Jan 2026.
    ['Wed 31 Dec 2025, 1 day', '2025-12-31', 1, { england: gmtEnd('2026-01-02'), scotland: gmtEnd('2026-01-05'), ni: gmtEnd('2026-01-02') }],
    // St Andrew's Day Sun 30 Nov 2025: Scottish substitute Mon 1 Dec.
    ['Fri 28 Nov 2025, 1 day', '2025-11-28', 1, { england: gmtEnd('2025-12-01'), scotland: gmtEnd('2025-12-02'), ni: gmtEnd('2025-12-01') }],
    // St Andrew's Day Sat 30 Nov 2024: Scottish substitute Mon 2 Dec.
    ['Fri 29 Nov 2024, 1 day', '2024-11-29', 1, { england: gmtEnd('2024-12-02'), scotland: gmtEnd('2024-12-03'), ni: gmtEnd('2024-12-02') }],
    // St Andrew's Day Mon 30 Nov 2026 itself.
    ['Fri 27 Nov 2026, 1 day', '2026-11-27', 1, { england: gmtEnd('2026-11-30'), scotland: gmtEnd('2026-12-01'), ni: gmtEnd('2026-11-30') }],
    // Easter Monday 6 Apr 2026 is not a Scottish bank holiday; Good Friday 3 Apr is everywhere.
    ['Thu 2 Apr 2026, 1 day', '2026-04-02', 1, { england: bstEnd('2026-04-07'), scotland: bstEnd('2026-04-06'), ni: bstEnd('2026-04-07') }],
    // Scotland's summer holiday is the first Monday in August (3 Aug 2026), not the last (31 Aug).
    ['Fri 31 Jul 2026, 1 day', '2026-07-31', 1, { england: bstEnd('2026-08-03'), scotland: bstEnd('2026-08-04'), ni: bstEnd('2026-08-03') }],
    ['Fri 28 Aug 2026, 1 day', '2026-08-28', 1, { england: bstEnd('2026-09-01'), scotland: bstEnd('2026-08-31'), ni: bstEnd('2026-09-01') }],
    // St Patrick's Day, Tue 17 Mar 2026, in Northern Ireland only.
    ['Mon 16 Mar 2026, 1 day', '2026-03-16', 1, { england: gmtEnd('2026-03-17'), scotland: gmtEnd('2026-03-17'), ni: gmtEnd('2026-03-18') }],
    // Battle of the Boyne, Mon 12 Jul 2027, in Northern Ireland only.
    ['Fri 9 Jul 2027, 1 day', '2027-07-09', 1, { england: bstEnd('2027-07-12'), scotland: bstEnd('2027-07-12'), ni: bstEnd('2027-07-13') }],
    // 12 July 2026 is a Sunday: Northern Ireland's substitute is Mon 13 Jul.
    ['Fri 10 Jul 2026, 1 day', '2026-07-10', 1, { england: bstEnd('2026-07-13'), scotland: bstEnd('2026-07-13'), ni: bstEnd('2026-07-14') }],
    // 12 July 2025 is a Saturday: Northern Ireland's substitute is Mon 14 Jul.
    ['Fri 11 Jul 2025, 1 day', '2025-07-11', 1, { england: bstEnd('2025-07-14'), scotland: bstEnd('2025-07-14'), ni: bstEnd('2025-07-15') }],
  ])('%s', (_why, receivedOn, n, expected) => {
    const at = noonOn(receivedOn);
    expect(england.deadline(at, n).toISOString()).toBe(expected.england);
    expect(scotland.deadline(at, n).toISOString()).toBe(expected.scotland);
    expect(northernIreland.deadline(at, n).toISOString()).toBe(expected.ni);
  });

  it('applies the nation to the procedure timescales (from Mon 2 Mar 2026)', () => {
    const receipt = noonOn('2026-03-02');
    // Northern Ireland: St Patrick's Day Tue 17 Mar pushes day 20 from Mon 30 to Tue 31 Mar.
    expect(northernIreland.deadline(receipt, 20).toISOString()).toBe(bstEnd('2026-03-31'));
    // ...and day 30 from Wed 15 to Thu 16 Apr.
    expect(northernIreland.deadline(receipt, 30).toISOString()).toBe(bstEnd('2026-04-16'));
    // Scotland works Easter Monday, so day 30 is Tue 14 Apr.
    expect(scotland.deadline(receipt, 30).toISOString()).toBe(bstEnd('2026-04-14'));
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-01-12', true, 'an ordinary Monday'],
    ['2026-01-16', true, 'an ordinary Friday'],
    ['2026-01-17', false, 'Saturday'],
    ['2026-01-18', false, 'Sunday'],
    ['2026-01-01', false, "New Year's Day"],
    ['2026-04-03', false, 'Good Friday'],
    ['2026-04-06', false, 'Easter Monday'],
    ['2026-05-04', false, 'early May bank holiday'],
    ['2026-05-25', false, 'spring bank holiday'],
    ['2026-08-31', false, 'summer bank holiday'],
    ['2026-12-25', false, 'Christmas Day'],
    ['2026-12-28', false, 'Boxing Day substitute (26th is a Saturday)'],
    ['2027-12-27', false, 'Christmas Day substitute (25th is a Saturday)'],
    ['2027-12-28', false, 'Boxing Day substitute (26th is a Sunday)'],
    ['2027-12-29', true, 'the Wednesday after both substitutes'],
    ['2022-01-03', false, "New Year's Day substitute (1st is a Saturday)"],
    ['2023-01-02', false, "New Year's Day substitute (1st is a Sunday)"],
    ['2022-06-02', false, 'spring bank holiday moved for the platinum jubilee'],
    ['2022-06-03', false, 'platinum jubilee'],
    ['2022-05-30', true, 'the last Monday in May 2022, whose holiday moved to 2 June'],
    ['2022-09-19', false, "Queen Elizabeth II's state funeral"],
    ['2023-05-08', false, "King Charles III's coronation"],
    ['2020-05-08', false, 'early May holiday moved to VE day'],
    ['2020-05-04', true, 'the first Monday in May 2020, whose holiday moved to the 8th'],
    ['2026-01-02', true, '2 January is a working day in England'],
  ])('%s is %s (%s)', (date, expected) => {
    expect(england.isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-01-02', false, '2 January'],
    ['2026-11-30', false, "St Andrew's Day"],
    ['2025-12-01', false, "St Andrew's Day substitute"],
    ['2026-04-06', true, 'Easter Monday is not a Scottish bank holiday'],
    ['2026-08-03', false, 'first Monday in August'],
    ['2026-08-31', true, 'last Monday in August is a working day in Scotland'],
  ])('in Scotland, %s is %s (%s)', (date, expected) => {
    expect(scotland.isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-03-17', false, "St Patrick's Day"],
    ['2027-07-12', false, 'Battle of the Boyne'],
    ['2026-07-13', false, 'Battle of the Boyne substitute (12th is a Sunday)'],
    ['2026-04-06', false, 'Easter Monday'],
    ['2026-01-02', true, '2 January'],
  ])('in Northern Ireland, %s is %s (%s)', (date, expected) => {
    expect(northernIreland.isWorkingDay(date)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-1-5', '2026-13-01', 'yesterday', ''])('rejects "%s" with a RangeError', (date) => {
    expect(() => england.isWorkingDay(date)).toThrow(RangeError);
  });
});

describe('bankHolidays', () => {
  it('lists exactly the England and Wales bank holidays of 2027, weekend originals aside', () => {
    // gov.uk 2027: 1 Jan, 26 Mar, 29 Mar, 3 May, 31 May, 30 Aug, 27 Dec, 28 Dec. The library also lists
    // the weekend dates the substitutes replace (Sat 25, Sun 26 Dec), which never count anyway.
    const isWeekday = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    const weekdays = [...bankHolidays('england-and-wales', 2027)].filter(isWeekday).sort();
    expect(weekdays).toEqual(['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']);
  });

  it('does not include observances such as Easter Sunday or Mother\'s Day', () => {
    const dates = bankHolidays('england-and-wales', 2026);
    expect(dates.has('2026-04-05')).toBe(false); // Easter Sunday
    expect(dates.has('2026-03-15')).toBe(false); // Mother's Day
    expect(dates.has('2026-04-06')).toBe(true); // Easter Monday
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['the same instant', '2026-03-02T12:00:00Z', '2026-03-02T12:00:00Z', 0],
    ['later on the same London date', '2026-03-02T00:00:00Z', '2026-03-02T23:59:59Z', 0],
    ['to before from', '2026-03-11T12:00:00Z', '2026-03-02T12:00:00Z', 0],
    ['Mon 2 Mar to Tue 3 Mar', '2026-03-02T12:00:00Z', '2026-03-03T08:00:00Z', 1],
    ['Mon 2 Mar to Wed 11 Mar: the 7-day acknowledgement window', '2026-03-02T12:00:00Z', '2026-03-11T12:00:00Z', 7],
    ['Fri 16 Jan to Sun 18 Jan: the weekend has none', '2026-01-16T12:00:00Z', '2026-01-18T12:00:00Z', 0],
    ['Thu 2 Apr to Tue 7 Apr: Good Friday and Easter Monday excluded', '2026-04-02T12:00:00Z', '2026-04-07T12:00:00Z', 1],
    ['23:30Z Wed 10 Jun (Thursday in London) to Fri 12 Jun: only Friday', '2026-06-10T23:30:00Z', '2026-06-12T12:00:00Z', 1],
    ['22:30Z Wed 10 Jun (Wednesday in London) to Fri 12 Jun: Thursday and Friday', '2026-06-10T22:30:00Z', '2026-06-12T12:00:00Z', 2],
    ['to at 23:30Z Thu 11 Jun, which is Friday in London', '2026-06-10T12:00:00Z', '2026-06-11T23:30:00Z', 2],
    // 2026 has 261 weekdays (52 weeks and an extra Thursday), less 8 weekday bank holidays = 253;
    // 1 Jan itself is excluded either way (it is the start date, and a holiday).
    ['the whole of 2026', '2026-01-01T00:00:00Z', '2026-12-31T23:59:59.999Z', 253],
  ])('%s: %i', (_why, from, to, expected) => {
    expect(england.workingDaysBetween(new Date(from), new Date(to))).toBe(expected);
  });

  it.each([1, 7, 10, 20, 30, 250])('from receipt to its %i-working-day deadline is that many working days', (n) => {
    const receipt = new Date('2026-12-20T21:15:00Z');
    expect(england.workingDaysBetween(receipt, england.deadline(receipt, n))).toBe(n);
  });

  it('counts the next working day as soon as the deadline has passed', () => {
    // The deadline of 7 from Mon 2 Mar is the end of Wed 11 Mar; a millisecond later it is Thu 12 Mar,
    // working day 8, in London.
    const receipt = new Date('2026-03-02T12:00:00Z');
    const due = england.deadline(receipt, 7);
    expect(england.workingDaysBetween(receipt, new Date(due.getTime() - 1))).toBe(7);
    expect(england.workingDaysBetween(receipt, new Date(due.getTime() + 1))).toBe(8);
  });
});

describe('London dates and day boundaries', () => {
  it.each([
    ['2026-01-14T23:30:00Z', '2026-01-14', 'GMT: UTC date and London date agree'],
    ['2026-06-10T22:30:00Z', '2026-06-10', '23:30 BST'],
    ['2026-06-10T23:30:00Z', '2026-06-11', '00:30 BST the next day'],
    ['2026-03-29T00:59:59.999Z', '2026-03-29', 'just before clocks go forward (00:59 GMT)'],
    ['2026-03-29T01:00:00.000Z', '2026-03-29', 'clocks go forward: 02:00 BST'],
    ['2026-10-24T22:59:59.999Z', '2026-10-24', 'last moment of Saturday 24 Oct in BST'],
    ['2026-10-24T23:00:00.000Z', '2026-10-25', 'midnight BST starting Sunday 25 Oct'],
    ['2026-10-25T23:30:00.000Z', '2026-10-25', 'after clocks go back: 23:30 GMT'],
  ])('londonDate(%s) is %s (%s)', (instant, expected) => {
    expect(england.londonDate(new Date(instant))).toBe(expected);
  });

  it.each([
    ['2026-01-14', '2026-01-14T00:00:00.000Z', '2026-01-14T23:59:59.999Z', 'a GMT day'],
    ['2026-06-10', '2026-06-09T23:00:00.000Z', '2026-06-10T22:59:59.999Z', 'a BST day'],
    ['2026-03-29', '2026-03-29T00:00:00.000Z', '2026-03-29T22:59:59.999Z', 'clocks go forward: starts in GMT, ends in BST (23 hours)'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z', '2026-10-25T23:59:59.999Z', 'clocks go back: starts in BST, ends in GMT (25 hours)'],
    ['2026-03-28', '2026-03-28T00:00:00.000Z', '2026-03-28T23:59:59.999Z', 'the Saturday before, all GMT'],
    ['2026-03-30', '2026-03-29T23:00:00.000Z', '2026-03-30T22:59:59.999Z', 'the Monday after, all BST'],
  ])('%s starts at %s and ends at %s (%s)', (date, start, end) => {
    expect(england.startOfDay(date).toISOString()).toBe(start);
    expect(england.endOfDay(date).toISOString()).toBe(end);
  });

  it('rejects a date that does not exist', () => {
    expect(() => england.endOfDay('2026-02-29')).toThrow(RangeError);
    expect(() => england.startOfDay('2026-04-31')).toThrow(RangeError);
  });

  it('accepts 29 February in a leap year', () => {
    expect(england.endOfDay('2028-02-29').toISOString()).toBe('2028-02-29T23:59:59.999Z');
  });
});

describe('calendar dates written YYYY-MM-DD', () => {
  it.each([
    ['2026-03-09', { year: 2026, month: 3, day: 9 }, 'an ordinary date'],
    ['2026-01-31', { year: 2026, month: 1, day: 31 }, 'the last day of a 31-day month'],
    ['2026-04-30', { year: 2026, month: 4, day: 30 }, 'the last day of a 30-day month'],
    ['2026-12-31', { year: 2026, month: 12, day: 31 }, 'the last day of the year'],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }, '29 February in a leap year (divisible by 4)'],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }, '29 February in 2000 (divisible by 400)'],
    ['2026-02-28', { year: 2026, month: 2, day: 28 }, '28 February in a common year'],
    ['0001-01-01', { year: 1, month: 1, day: 1 }, 'the first date it accepts'],
    ['9999-12-31', { year: 9999, month: 12, day: 31 }, 'the last date it accepts'],
  ])('reads %s as %o (%s)', (date, parts) => {
    expect(parseIsoDate(date)).toEqual(parts);
    expect(isIsoDate(date)).toBe(true);
  });

  it.each([
    ['2100-02-29', '29 February in 2100 (divisible by 100, not by 400)'],
    ['1900-02-29', '29 February in 1900'],
    ['2026-02-29', '29 February in a common year'],
    ['2024-02-30', '30 February, even in a leap year'],
    ['2026-04-31', '31 April'],
    ['2026-06-31', '31 June'],
    ['2026-09-31', '31 September'],
    ['2026-11-31', '31 November'],
    ['2026-01-32', '32 January'],
    ['2026-01-00', 'day 0'],
    ['2026-00-10', 'month 0'],
    ['2026-13-01', 'month 13'],
    ['0000-06-01', 'year 0'],
    ['2026-1-5', 'without leading zeros'],
    ['20260105', 'without hyphens'],
    [' 2026-01-05', 'with a leading space'],
    ['2026-01-05 ', 'with a trailing space'],
    ['2026-01-05T00:00:00Z', 'a date-time'],
    ['', 'empty'],
  ])('refuses %s (%s)', (date) => {
    expect(parseIsoDate(date)).toBeUndefined();
    expect(isIsoDate(date)).toBe(false);
    expect(() => england.isWorkingDay(date)).toThrow(`Expected date as a real calendar date YYYY-MM-DD, got "${date}"`);
  });

  it.each([
    ['2026-01-12', 1, '2026-01-13', 'the next day'],
    ['2026-01-31', 1, '2026-02-01', 'into the next month'],
    ['2026-12-31', 1, '2027-01-01', 'into the next year'],
    ['2024-02-28', 1, '2024-02-29', 'onto a leap day'],
    ['2026-03-01', -1, '2026-02-28', 'backwards, over a month end'],
    ['2026-03-29', 1, '2026-03-30', 'across the clocks going forward'],
    ['2026-10-25', 1, '2026-10-26', 'across the clocks going back'],
    ['2026-01-12', 0, '2026-01-12', 'no days'],
    ['2026-01-12', 365, '2027-01-12', 'a year of a common year'],
    ['0999-12-31', 1, '1000-01-01', 'years below 1000 keep four digits'],
    ['0050-01-01', 1, '0050-01-02', 'years below 100 are not read as 19xx'],
    ['0009-10-09', -1, '0009-10-08', 'the month and day keep two digits'],
  ])('%s plus %i calendar days is %s (%s)', (date, days, expected) => {
    expect(addCalendarDays(date, days)).toBe(expected);
  });

  it('refuses to count from a date that does not exist', () => {
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('the nation of the bank holidays', () => {
  it.each(['wessex', '', 'England and Wales', 'constructor', 'toString', '__proto__'])('refuses "%s", an unknown nation, with a RangeError', (nation) => {
    const message = `Unknown bank holiday nation "${nation}"`;
    expect(() => new WorkingDayCalendar({ bankHolidays: nation as Nation, closureDays: [] })).toThrow(message);
    expect(() => new WorkingDayCalendar({ bankHolidays: nation as Nation, closureDays: [] })).toThrow(RangeError);
    expect(() => bankHolidays(nation as Nation, 2026)).toThrow(message);
  });

  it('reads each year of the table once, and gives the same answer again', async () => {
    // A freshly loaded module, so that the first reading happens here.
    vi.resetModules();
    const fresh = await import('../../functions/domain/calendar');
    expect(fresh.bankHolidays('scotland', 2026)).toBe(fresh.bankHolidays('scotland', 2026));
    expect(bankHolidays('scotland', 2026)).not.toEqual(bankHolidays('scotland', 2027));
    expect(bankHolidays('scotland', 2026)).not.toEqual(bankHolidays('england-and-wales', 2026));
  });

  it('answers isBankHoliday for the nation it was given', () => {
    expect(scotland.isBankHoliday('2026-01-02')).toBe(true);
    expect(england.isBankHoliday('2026-01-02')).toBe(false);
    expect(england.isBankHoliday('2026-12-28')).toBe(true);
    expect(england.isBankHoliday('2026-12-29')).toBe(false);
  });
});

describe('closure days, asked about directly', () => {
  const closed = new WorkingDayCalendar({ bankHolidays: 'england-and-wales', closureDays: ['2026-12-29'] });

  it.each([
    ['2026-12-29', true],
    ['2026-12-30', false],
    ['2026-12-25', false],
  ])('isClosureDay(%s) is %s (a bank holiday is not a closure day)', (date, expected) => {
    expect(closed.isClosureDay(date)).toBe(expected);
  });

  it('refuses to answer for a date that does not exist', () => {
    expect(() => closed.isClosureDay('2026-12-32')).toThrow(RangeError);
  });

  it('names the closure day that is not a real date', () => {
    expect(() => new WorkingDayCalendar({ bankHolidays: 'scotland', closureDays: ['2026-01-05', '2026-02-30'] })).toThrow(
      'Expected a closure day as a real calendar date YYYY-MM-DD, got "2026-02-30"',
    );
  });

  it('gives up rather than look more than ten years ahead for a working day', () => {
    // Every day from 2030 to 2041 closed: no working day within ten years of 1 January 2030.
    const days = Array.from({ length: 12 * 366 }, (_, i) => addCalendarDays('2030-01-01', i));
    const shut = new WorkingDayCalendar({ bankHolidays: 'england-and-wales', closureDays: days });
    expect(() => shut.addWorkingDays('2029-12-31', 1)).toThrow('No 1 working days within ten years of 2029-12-31');
    // ... but a working day just under ten years ahead is found.
    const reopened = new WorkingDayCalendar({ bankHolidays: 'england-and-wales', closureDays: days.filter((d) => d < '2039-12-01') });
    expect(shut.isWorkingDay('2039-12-01')).toBe(false);
    expect(reopened.addWorkingDays('2029-12-31', 1)).toBe('2039-12-01');
  });
});

describe('addWorkingDays (the date of working day N)', () => {
  it.each([
    ['2026-01-12', 1, '2026-01-13', 'Monday: day 1 is Tuesday'],
    ['2026-01-16', 1, '2026-01-19', 'Friday: day 1 is Monday'],
    ['2026-01-17', 1, '2026-01-19', 'Saturday: day 1 is Monday'],
    ['2026-01-12', 5, '2026-01-19', 'five days from Monday is the next Monday'],
    ['2026-04-02', 1, '2026-04-07', 'over Good Friday and Easter Monday'],
  ])('from %s, working day %i is %s (%s)', (date, n, expected) => {
    expect(england.addWorkingDays(date, n)).toBe(expected);
  });

  it.each([0, -1, 2.5, Number.NaN, 2 ** 53])('refuses %s working days, saying why', (n) => {
    expect(() => england.addWorkingDays('2026-01-12', n)).toThrow(`The number of working days must be a positive whole number, got ${n}`);
  });
});

describe('the instants the calendar is given', () => {
  const notADate = '2026-01-12T09:00:00Z' as unknown as Date;

  it.each([
    ['an invalid Date', new Date('not a date')],
    ['a string where a Date belongs (JSON does not revive dates)', notADate],
    ['a number where a Date belongs', Date.UTC(2026, 0, 12) as unknown as Date],
  ])('refuses %s as the receipt, naming it', (_why, receivedAt) => {
    expect(() => england.deadline(receivedAt, 1)).toThrow(new RangeError('Expected receivedAt as a valid Date'));
  });

  it('names which end of a period is not a valid Date', () => {
    const valid = new Date('2026-01-12T09:00:00Z');
    expect(() => england.workingDaysBetween(notADate, valid)).toThrow(new RangeError('Expected from as a valid Date'));
    expect(() => england.workingDaysBetween(valid, new Date(Number.NaN))).toThrow(new RangeError('Expected to as a valid Date'));
    expect(() => england.londonDate(notADate)).toThrow(new RangeError('Expected instant as a valid Date'));
  });

  it.each([
    ['0999-10-14T12:00:00Z', '0999-10-14', 'a year below 1000 keeps four digits'],
    ['2026-01-05T12:00:00Z', '2026-01-05', 'the month and day keep two digits'],
  ])('londonDate(%s) is %s (%s)', (instant, expected) => {
    expect(londonDate(new Date(instant))).toBe(expected);
  });
});

describe("London's wall clock", () => {
  it.each([
    ['2026-01-14', [9, 30], '2026-01-14T09:30:00.000Z', 'in GMT, the wall clock is UTC'],
    ['2026-06-10', [9, 30], '2026-06-10T08:30:00.000Z', 'in BST, one hour ahead of UTC'],
    ['2026-06-10', [23, 59, 59, 999], '2026-06-10T22:59:59.999Z', 'to the millisecond'],
    ['2026-03-29', [0, 30], '2026-03-29T00:30:00.000Z', 'before the clocks go forward'],
    ['2026-03-29', [1, 30], '2026-03-29T01:30:00.000Z', 'a time the clocks skip is read in GMT (02:30 BST)'],
    ['2026-03-29', [2, 30], '2026-03-29T01:30:00.000Z', 'after the clocks go forward'],
    ['2026-10-25', [0, 30], '2026-10-24T23:30:00.000Z', 'before the clocks go back'],
    ['2026-10-25', [1, 30], '2026-10-25T00:30:00.000Z', 'a time that happens twice is the first, in BST'],
    ['2026-10-25', [2, 30], '2026-10-25T02:30:00.000Z', 'after the clocks go back'],
    // Double summer time in 1941: BST (+1) to BDST (+2) on 4 May, back to BST on 10 August.
    ['1941-05-04', [2, 30], '1941-05-04T01:30:00.000Z', 'a skipped time is read with the offset before, even when that is BST'],
    ['1941-08-10', [2, 30], '1941-08-10T00:30:00.000Z', 'a time that happens twice is the first, in double summer time'],
    // Before December 1847 London kept local mean time, 1 minute 15 seconds behind Greenwich.
    ['1847-12-01', [0, 0, 30], '1847-12-01T00:01:45.000Z', 'the 75 seconds skipped when London took Greenwich time are read in local mean time'],
    ['0001-01-01', [], '0001-01-01T00:01:15.000Z', 'the first date it accepts, in local mean time'],
  ])('%s at %o is %s (%s)', (date, time, expected) => {
    expect(fromLondonWallClock(date, ...(time as number[])).toISOString()).toBe(expected);
  });

  it.each([
    [[24, 0], 'Not a time of day: 24:0:0.0'],
    [[-1, 0], 'Not a time of day: -1:0:0.0'],
    [[12, 60], 'Not a time of day: 12:60:0.0'],
    [[12, -1], 'Not a time of day: 12:-1:0.0'],
    [[12, 0, 60], 'Not a time of day: 12:0:60.0'],
    [[12, 0, -1], 'Not a time of day: 12:0:-1.0'],
    [[12, 0, 0, 1000], 'Not a time of day: 12:0:0.1000'],
    [[12, 0, 0, -1], 'Not a time of day: 12:0:0.-1'],
    [[9.5], 'Time of day must be whole numbers'],
    [[9, 0.5], 'Time of day must be whole numbers'],
    [[9, 0, 0.5], 'Time of day must be whole numbers'],
    [[9, 0, 0, 0.5], 'Time of day must be whole numbers'],
  ])('refuses %o with a RangeError: %s', (time, message) => {
    expect(() => fromLondonWallClock('2026-01-14', ...(time as number[]))).toThrow(new RangeError(message));
  });
});
