import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import { ForbiddenError, NotFoundError, ValidationError } from '../../functions/domain/errors';
import { MailRejectedError, MailerUnavailableError } from '../../functions/domain/mail';
import { defaultPolicy } from '../../functions/domain/policy';
import { checkReportMonth, makeMonthlyReport, previousMonth, type MakeMonthlyReportDeps } from '../../functions/domain/reports/make-monthly-report';
import { monthInWords, monthlyReportEmail, reportUrl } from '../../functions/domain/reports/monthly-email';
import { listReports, readReport } from '../../functions/domain/reports/read-reports';
import { defaultDirectory } from '../../functions/domain/staff';
import { aClosedComplaint, aNewComplaint, aNewCompliment, people } from '../support/case-mothers';
import { MemoryCases, MemoryDirectory, MemoryMailer } from '../support/memory-ports';
import { MemoryReports } from '../support/memory-reports';
import { enGB as messages } from '../support/texts';

/**
 * The monthly report's use case (service order step 13): the month's cases, the open ones and the
 * twelve stored months before are collated, stored (one report a month) and then the Strategic
 * Support Manager is emailed, once per run. The figures themselves are reports/monthly.ts's (tested
 * beside it); these check what goes in, what is stored and what is sent.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
/** 06:00 London time (BST) on Wednesday 1 April 2026: the schedule's run for March. */
const RUN = '2026-04-01T05:00:00.000Z';
const PUBLIC_URL = 'https://complaints.example.gov.uk';

let cases: MemoryCases;
let reports: MemoryReports;
let mailer: MemoryMailer;
let clock: Date;
let d: MakeMonthlyReportDeps;

/** March 2026: two open complaints, a closed one (not upheld) and a compliment; one complaint of February. */
function aMonth(): Case[] {
  const inMarch = [
    aNewComplaint({ reference: 'CC-2026-00001' }),
    aNewComplaint({ reference: 'CC-2026-00002', receivedAt: '2026-03-31T22:30:00.000Z', receivedOn: '2026-03-31' }),
    aClosedComplaint({ reference: 'CC-2026-00003' }),
    aNewCompliment({ reference: 'CC-2026-00004' }),
  ];
  const february = aNewComplaint({ reference: 'CC-2026-00000', receivedAt: '2026-02-27T10:00:00.000Z', receivedOn: '2026-02-27' });
  return [...inMarch, february];
}

beforeEach(() => {
  cases = new MemoryCases();
  for (const c of aMonth()) cases.put(c);
  reports = new MemoryReports(() => [...cases.cases.values()]);
  mailer = new MemoryMailer();
  clock = new Date(RUN);
  d = { policy: defaultPolicy, calendar, cases, reports, directory: new MemoryDirectory(), mailer, texts: messages, publicUrl: PUBLIC_URL, now: () => clock };
});

describe('making a month', () => {
  it("collates the month's cases and every open case, stores it, and emails the Strategic Support Manager", async () => {
    const { report, email } = await makeMonthlyReport({ month: '2026-03', run: RUN }, d);
    expect(email).toBe('sent');
    expect(reports.reads).toEqual(['2026-03']);
    expect(report).toMatchObject({ month: '2026-03', generatedAt: RUN, received: { complaints: 3, compliments: 1 }, outcomes: { upheld: 0, partlyUpheld: 0, notUpheld: 1 } });
    // Open now and received by the end of March: the February complaint too.
    expect(report.open.total).toBe(4);
    expect(await reports.getMonth('2026-03')).toEqual(report);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toEqual([defaultDirectory(defaultPolicy).strategicSupportManager.email]);
    expect(mailer.sent[0]!.text).toContain(`${PUBLIC_URL}/staff/reports/2026-03`);
  });

  it('sends to the Strategic Support Manager the directory names', async () => {
    const directory = { ...defaultDirectory(defaultPolicy), strategicSupportManager: { id: 'j.smith', name: 'Jo Smith', email: 'jo.smith@example.gov.uk' }, version: 3 };
    await makeMonthlyReport({ month: '2026-03', run: RUN }, { ...d, directory: new MemoryDirectory(directory) });
    expect(mailer.sent[0]!.to).toEqual(['jo.smith@example.gov.uk']);
    expect(mailer.sent[0]!.text).toMatch(/^Hello Jo Smith,/);
  });

  it('gives the trend and last year the twelve stored months before, and only those', async () => {
    await makeMonthlyReport({ month: '2025-03', run: 'a' }, { ...d, now: () => new Date('2025-04-01T05:00:00Z') });
    await makeMonthlyReport({ month: '2026-02', run: 'b' }, d);
    await makeMonthlyReport({ month: '2025-02', run: 'c' }, { ...d, now: () => new Date('2025-03-01T06:00:00Z') });
    const { report } = await makeMonthlyReport({ month: '2026-03', run: RUN }, d);
    expect(report.trend.map((p) => p.month)).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(report.trend.filter((p) => p.data).map((p) => p.month)).toEqual(['2026-02', '2026-03']);
    expect(report.lastYear?.month).toBe('2025-03');
  });

  it('replaces the stored month when it is made again, never keeping two', async () => {
    await makeMonthlyReport({ month: '2026-03', run: RUN }, d);
    cases.put(aNewComplaint({ reference: 'CC-2026-00009', receivedAt: '2026-03-20T10:00:00.000Z', receivedOn: '2026-03-20' }));
    clock = new Date('2026-04-02T09:00:00Z');
    const { report } = await makeMonthlyReport({ month: '2026-03', run: 'manual-2' }, d);
    expect(report.received.complaints).toBe(4);
    expect((await reports.months()).map((m) => [m.month, m.generatedAt, m.complaints])).toEqual([['2026-03', '2026-04-02T09:00:00.000Z', 4]]);
  });

  it('never sends two emails for one run, however often it is retried; another run sends its own', async () => {
    await makeMonthlyReport({ month: '2026-03', run: RUN }, d);
    const again = await makeMonthlyReport({ month: '2026-03', run: RUN }, d);
    expect(again.email).toBe('already-sent');
    expect(mailer.sent).toHaveLength(1);
    expect((await makeMonthlyReport({ month: '2026-03', run: 'manual-1' }, d)).email).toBe('sent');
    expect(mailer.sent).toHaveLength(2);
  });

  it('gives the email back when the mailer could not take it, so the retry sends it once', async () => {
    mailer.failOnce(new MailerUnavailableError('throttled'));
    await expect(makeMonthlyReport({ month: '2026-03', run: RUN }, d)).rejects.toThrow(MailerUnavailableError);
    expect(await reports.getMonth('2026-03')).toBeDefined();
    expect(mailer.sent).toHaveLength(0);
    expect((await makeMonthlyReport({ month: '2026-03', run: RUN }, d)).email).toBe('sent');
    expect((await makeMonthlyReport({ month: '2026-03', run: RUN }, d)).email).toBe('already-sent');
    expect(mailer.sent).toHaveLength(1);
  });

  it('keeps an email that may have gone in doubt: a retry does not send it again', async () => {
    mailer.failOnce(new MailRejectedError('refused'));
    await expect(makeMonthlyReport({ month: '2026-03', run: RUN }, d)).rejects.toThrow(MailRejectedError);
    expect(reports.emails.get(`2026-03#${RUN}`)).toEqual({ state: 'in-doubt', at: RUN });
    expect((await makeMonthlyReport({ month: '2026-03', run: RUN }, d)).email).toBe('in-doubt');
    expect(mailer.sent).toHaveLength(0);
  });

  it('refuses a month that is not YYYY-MM, or is still to come, before reading anything', async () => {
    for (const month of ['2026-3', '2026-13', '2026-00', 'March', '2026-03-01', '']) {
      await expect(makeMonthlyReport({ month, run: RUN }, d)).rejects.toThrow(new ValidationError([{ path: 'month', message: 'expected a month as YYYY-MM' }]));
    }
    await expect(makeMonthlyReport({ month: '2026-05', run: RUN }, d)).rejects.toThrow(ValidationError);
    expect(reports.reads).toEqual([]);
    expect(mailer.sent).toEqual([]);
  });
});

describe('which month', () => {
  it.each([
    ['06:00 BST on 1 April', '2026-04-01T05:00:00Z', '2026-03'],
    ['00:30 BST on 1 April (still 31 March in UTC)', '2026-03-31T23:30:00Z', '2026-03'],
    ['06:00 GMT on 1 January', '2027-01-01T06:00:00Z', '2026-12'],
    ['23:59 GMT on 31 December', '2026-12-31T23:59:00Z', '2026-11'],
  ])('at %s the previous calendar month in London is %s', (_when, iso, month) => {
    expect(previousMonth(new Date(iso), calendar)).toBe(month);
  });

  it('allows the current month and any before, naming the current month when refusing a later one', () => {
    const now = new Date('2026-03-31T23:30:00Z'); // 00:30 on 1 April in London
    expect(checkReportMonth('2026-04', now, calendar)).toBe('2026-04');
    expect(checkReportMonth('2020-01', now, calendar)).toBe('2020-01');
    expect(() => checkReportMonth('2026-05', now, calendar)).toThrow(new ValidationError([{ path: 'month', message: 'cannot be after the current month (2026-04)' }]));
    expect(() => checkReportMonth(202604, now, calendar)).toThrow(new ValidationError([{ path: 'month', message: 'expected a month as YYYY-MM' }]));
    // Only a string: not something that merely prints as a month.
    expect(() => checkReportMonth({ toString: () => '2026-04' }, now, calendar)).toThrow(new ValidationError([{ path: 'month', message: 'expected a month as YYYY-MM' }]));
  });
});

describe("the Strategic Support Manager's email", () => {
  const make = async () => (await makeMonthlyReport({ month: '2026-03', run: RUN }, d)).report;

  it('carries the key figures, a link to the report in the console, and only numbers in its subject', async () => {
    const report = await make();
    const m = monthlyReportEmail(report, defaultPolicy, messages, { to: { name: 'Strategic Support Manager', email: 'ssm@example.gov.uk' }, publicUrl: PUBLIC_URL });
    expect(m.subject).toBe('Complaints and compliments: the monthly report for 3/2026');
    expect(m.text).toContain('The complaints and compliments received in March 2026 have been collated');
    expect(m.text).toContain('Complaints received: 3\n');
    expect(m.text).toContain('Compliments received: 1\n');
    expect(m.text).toContain(`Acknowledged within 7 working days: `);
    expect(m.text).toContain('Outcomes: 0 upheld, 0 partly upheld, 1 not upheld\n');
    expect(m.text).toContain(`Open now: ${report.open.total} (${report.open.overdue} overdue)\n`);
    expect(m.text).toContain('Ombudsman enquiries: 0');
    expect(m.html).toContain(`<a href="${PUBLIC_URL}/staff/reports/2026-03">${PUBLIC_URL}/staff/reports/2026-03</a>`);
  });

  it('says where the report is without a link when the console has no address, and "none due yet" for no percentage', async () => {
    const report = await make();
    const m = monthlyReportEmail(
      { ...report, acknowledgements: { ...report.acknowledgements, percentOnTime: null }, closed: { ...report.closed, total: 0, percentWithinDeadline: null } },
      defaultPolicy,
      messages,
      { to: { name: 'SSM', email: 'ssm@example.gov.uk' } },
    );
    expect(m.text).toContain('Acknowledged within 7 working days: none due yet\n');
    expect(m.text).toContain('Complaints closed: 0\n');
    expect(m.text).toContain('is on the Reports page of the staff console.\n');
    expect(m.text).not.toContain('http');
  });

  it('writes percentages and months in words', async () => {
    const report = await make();
    const m = monthlyReportEmail(
      { ...report, acknowledgements: { ...report.acknowledgements, percentOnTime: 87.5 }, closed: { ...report.closed, total: 4, percentWithinDeadline: 75 } },
      defaultPolicy,
      messages,
      { to: { name: 'SSM', email: 'ssm@example.gov.uk' } },
    );
    expect(m.text).toContain('Acknowledged within 7 working days: 87.5%\n');
    expect(m.text).toContain('Complaints closed: 4 (75% within their deadline)\n');
    expect(monthInWords('2026-12')).toBe('December 2026');
    expect(monthInWords('2027-01')).toBe('January 2027');
    expect(reportUrl('https://x.example/', '2026-03')).toBe('https://x.example/staff/reports/2026-03');
    expect(reportUrl('https://x.example//', '2026-03')).toBe('https://x.example/staff/reports/2026-03');
    expect(reportUrl('http://127.0.0.1:3000', '2026-03')).toBe('http://127.0.0.1:3000/staff/reports/2026-03');
  });
});

describe('reading the stored reports', () => {
  it.each([
    ['the Strategic Support Manager', people.ssm],
    ['the Administration Manager', people.admin],
    ['the Customer Relations Officer', people.cro],
    ['someone with that role among others', { id: 'x', roles: ['functional-head' as const, 'cro' as const] }],
  ])('lets %s list and read them', async (_who, who) => {
    await makeMonthlyReport({ month: '2026-03', run: RUN }, d);
    await makeMonthlyReport({ month: '2026-02', run: RUN }, d);
    expect((await listReports(who, d)).items.map((m) => m.month)).toEqual(['2026-03', '2026-02']);
    expect(await readReport(who, { month: '2026-03', format: undefined }, d)).toEqual({ report: await reports.getMonth('2026-03'), format: 'json' });
    expect((await readReport(who, { month: '2026-03', format: 'csv' }, d)).format).toBe('csv');
    expect((await readReport(who, { month: '2026-03', format: 'html' }, d)).format).toBe('html');
  });

  it.each([
    ['a Functional Head', people.opsHead],
    ['a receiver', people.receiver],
    ['the Duty Officer', people.dutyOfficer],
    ['Legal & Governance', people.legal],
    ['someone without a role', people.nobody],
  ])('refuses %s, whatever they ask for', async (_who, who) => {
    const refusal = new ForbiddenError('Only the Strategic Support Manager, the Administration Manager and the Customer Relations Officer may read the monthly reports');
    await expect(listReports(who, d)).rejects.toThrow(refusal);
    await expect(readReport(who, { month: 'nonsense', format: 'pdf' }, d)).rejects.toThrow(refusal);
  });

  it('answers a month with no report with where reports come from, and bad input naming the field', async () => {
    await expect(readReport(people.ssm, { month: '2026-03', format: 'json' }, d)).rejects.toThrow(
      new NotFoundError('No report is stored for 2026-03: it is made on the 1st of the next month, or with npm run report'),
    );
    await expect(readReport(people.ssm, { month: '2026-3', format: 'pdf' }, d)).rejects.toThrow(
      new ValidationError([
        { path: 'month', message: 'expected a month as YYYY-MM' },
        { path: 'format', message: 'expected one of: json, csv, html' },
      ]),
    );
    await expect(readReport(people.ssm, { month: undefined, format: 'json' }, d)).rejects.toThrow(new ValidationError([{ path: 'month', message: 'expected a month as YYYY-MM' }]));
    await expect(readReport(people.ssm, { month: { toString: () => '2026-03' }, format: 'json' }, d)).rejects.toThrow(ValidationError);
  });
});
