import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { ValidationError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { checkFinancialYear, makeAnnualReport } from '../../functions/domain/reports/make-annual-report';
import { makeMonthlyReport } from '../../functions/domain/reports/make-monthly-report';
import { aClosedComplaint, aNewComplaint, aNewCompliment } from '../support/case-mothers';
import { MemoryCases, MemoryDirectory, MemoryMailer } from '../support/memory-ports';
import { MemoryReports } from '../support/memory-reports';
import { enGB } from '../support/texts';

/** The annual report on demand: the financial year's cases month by month and its stored months, collated, never stored. */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const NOW = new Date('2027-04-10T09:00:00Z');

function setUp() {
  const cases = new MemoryCases();
  const year = [
    aNewComplaint({ reference: 'CC-2026-00001', receivedAt: '2026-04-01T09:00:00.000Z', receivedOn: '2026-04-01' }),
    aClosedComplaint({ reference: 'CC-2026-00002', receivedAt: '2026-11-03T09:00:00.000Z', receivedOn: '2026-11-03' }),
    aNewCompliment({ reference: 'CC-2027-00001', receivedAt: '2027-03-31T22:30:00.000Z', receivedOn: '2027-03-31' }),
  ];
  const outside = [
    aNewComplaint({ reference: 'CC-2026-00000', receivedAt: '2026-03-31T09:00:00.000Z', receivedOn: '2026-03-31' }),
    aNewComplaint({ reference: 'CC-2027-00002', receivedAt: '2027-04-01T09:00:00.000Z', receivedOn: '2027-04-01' }),
  ];
  for (const c of [...year, ...outside]) cases.put(c);
  const reports = new MemoryReports(() => [...cases.cases.values()]);
  return { cases, reports, d: { policy: defaultPolicy, calendar, reports, now: () => NOW } };
}

describe('the annual report', () => {
  it("reads the twelve months of the financial year and their stored reports, and stores nothing", async () => {
    const { cases, reports, d } = setUp();
    await makeMonthlyReport(
      { month: '2026-11', run: 'r' },
      { ...d, cases, directory: new MemoryDirectory(), mailer: new MemoryMailer(), texts: enGB, now: () => new Date('2026-12-01T06:00:00Z') },
    );
    reports.reads.length = 0;
    const report = await makeAnnualReport({ year: '2026-27', publishable: false }, d);
    expect(reports.reads).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03']);
    expect(report).toMatchObject({ year: '2026-27', publishable: false, generatedAt: NOW.toISOString(), received: { complaints: 2, compliments: 1 }, outcomes: { notUpheld: 1 } });
    expect(report.months.filter((m) => m.data).map((m) => m.month)).toEqual(['2026-11']);
    expect([...reports.reports.keys()]).toEqual(['2026-11']);
  });

  it('suppresses small counts when publishable', async () => {
    const { d } = setUp();
    const report = await makeAnnualReport({ year: '2026-27', publishable: true }, d);
    expect(report.publishable).toBe(true);
    expect(report.received.complaints).toBe('suppressed');
  });

  it.each([['2026-28'], ['2026/27'], ['26-27'], ['2026'], [''], [2026]])('refuses the year %s, naming the format', (year) => {
    expect(() => checkFinancialYear(year, NOW, calendar)).toThrow(
      new ValidationError([{ path: 'year', message: 'expected a financial year such as 2026-27 (April 2026 to March 2027)' }]),
    );
  });

  it('takes a year that has begun, and refuses one still to come', () => {
    expect(checkFinancialYear('2027-28', new Date('2027-03-31T23:30:00Z'), calendar)).toBe('2027-28'); // 00:30 on 1 April in London
    expect(checkFinancialYear('1999-00', NOW, calendar)).toBe('1999-00');
    expect(() => checkFinancialYear('2027-28', new Date('2027-03-31T22:30:00Z'), calendar)).toThrow(
      new ValidationError([{ path: 'year', message: 'has not begun (it starts on 2027-04-01)' }]),
    );
  });
});
