import { describe, expect, it } from 'vitest';
import { addCalendarDays, londonDate, WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import { defaultPolicy } from '../../functions/domain/policy';
import {
  addCalendarMonths,
  isDueForRemoval,
  lastEndedStartDate,
  personalDataRemovalDate,
  reportWithoutPersonalText,
  retentionCutoff,
  retentionStart,
} from '../../functions/domain/retention';
import { collateMonth } from '../../functions/domain/reports/monthly';
import type { MonthlyReport } from '../../functions/domain/reports/monthly-schema';
import { aClosedComplaint, aComplaintAtStageOne, aNewCompliment } from '../support/case-mothers';

/*
 * The retention rule (DESIGN.md §2 "Personal data"): when a case's personal data is due for removal
 * (12 calendar months, the default policy's, after the later of closure and the Ombudsman's last
 * recording, counted in London dates), and the cutoff the job reads closed cases up to. What
 * removing it leaves: test/domain/anonymise.test.ts.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const policy = { personalDataRetentionMonths: 12 };
describe('calendar months', () => {
  it.each([
    ['2026-01-15', 12, '2027-01-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-11-30', 1, '2026-12-30'],
    ['2026-12-01', 1, '2027-01-01'],
    ['2027-02-28', -12, '2026-02-28'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2026-05-20', 120, '2036-05-20'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected);
  });

  it('refuses what is not a date', () => {
    expect(() => addCalendarMonths('2026-02-30', 1)).toThrow(RangeError);
    expect(() => lastEndedStartDate('yesterday', 1)).toThrow('Expected a date YYYY-MM-DD, got "yesterday"');
  });

  it.each([
    ['2027-01-15', 12, '2026-01-15'],
    ['2026-02-28', 1, '2026-01-31'],
    ['2028-02-29', 1, '2028-01-31'],
    ['2028-02-28', 1, '2028-01-28'],
    ['2026-04-30', 1, '2026-03-31'],
    ['2026-03-30', 1, '2026-02-28'],
    ['2027-01-31', 12, '2026-01-31'],
    ['2026-12-31', 1, '2026-11-30'],
    ['2027-01-10', 1, '2026-12-10'],
  ])('on %s the retention of %i months has ended for every date up to %s', (today, months, expected) => {
    expect(lastEndedStartDate(today, months)).toBe(expected);
  });

  it('lastEndedStartDate is exactly the dates whose months have passed, over two years of days', () => {
    for (const months of [1, 2, 12]) {
      for (let today = '2027-01-01'; today < '2029-01-01'; today = addCalendarDays(today, 1)) {
        const last = lastEndedStartDate(today, months);
        expect(addCalendarMonths(last, months) <= today, `${today} ${months}`).toBe(true);
        expect(addCalendarMonths(addCalendarDays(last, 1), months) > today, `${today} ${months}`).toBe(true);
      }
    }
  });
});

describe('when personal data is due for removal', () => {
  const closedAt = (at: string, overrides: Partial<Case> = {}) => aClosedComplaint({ closedAt: at, ...overrides });

  it.each<[string, Case, Date, boolean]>([
    ['not closed', aComplaintAtStageOne(), new Date('2030-01-01T12:00:00Z'), false],
    ['closed 11 months and 30 days ago', closedAt('2026-03-10T12:00:00.000Z'), new Date('2027-03-09T12:00:00Z'), false],
    ['closed 12 months ago, on the day', closedAt('2026-03-10T12:00:00.000Z'), new Date('2027-03-10T00:00:00Z'), true],
    ['closed 12 months and a day ago', closedAt('2026-03-10T12:00:00.000Z'), new Date('2027-03-11T12:00:00Z'), true],
    // Closed at 00:30 BST on 26 October 2025 (23:30 UTC the day before): its London date is the 26th,
    // and in GMT the 26th of October 2026 starts at 00:00 UTC.
    ['closed after midnight BST, a moment before the London date 12 months on (GMT)', closedAt('2025-10-25T23:30:00.000Z'), new Date('2026-10-25T23:59:59.999Z'), false],
    ['closed after midnight BST, from the London date 12 months on (GMT)', closedAt('2025-10-25T23:30:00.000Z'), new Date('2026-10-26T00:00:00.000Z'), true],
    // Closed in GMT, due on the day the clocks go forward: London's 29 March 2026 starts at 00:00 UTC.
    ['closed in GMT, a moment before the day the clocks go forward 12 months on', closedAt('2025-03-29T23:30:00.000Z'), new Date('2026-03-28T23:59:59.999Z'), false],
    ['closed in GMT, on the day the clocks go forward 12 months on', closedAt('2025-03-29T23:30:00.000Z'), new Date('2026-03-29T00:00:00.000Z'), true],
    // Due in BST: London's 16 June 2027 starts at 23:00 UTC on the 15th.
    ['due in BST, a moment before London midnight', closedAt('2026-06-16T10:00:00.000Z'), new Date('2027-06-15T22:59:59.999Z'), false],
    ['due in BST, at London midnight (23:00 UTC)', closedAt('2026-06-16T10:00:00.000Z'), new Date('2027-06-15T23:00:00.000Z'), true],
    [
      'an Ombudsman enquiry recorded without findings (still open)',
      closedAt('2025-01-10T12:00:00.000Z', { ombudsman: { enquiryReceivedOn: '2025-02-01', ombudsmanReference: 'LGO-1', recordedAt: '2025-02-02T09:00:00.000Z', recordedBy: 'cro' } }),
      new Date('2030-01-01T12:00:00Z'),
      false,
    ],
    [
      'Ombudsman findings recorded later than the closure: counted from them (not yet)',
      closedAt('2025-01-10T12:00:00.000Z', { ombudsman: { enquiryReceivedOn: '2025-02-01', ombudsmanReference: 'LGO-1', findings: 'No fault', recordedAt: '2025-09-01T09:00:00.000Z', recordedBy: 'cro' } }),
      new Date('2026-08-31T12:00:00Z'),
      false,
    ],
    [
      'Ombudsman findings recorded later than the closure: counted from them (due)',
      closedAt('2025-01-10T12:00:00.000Z', { ombudsman: { enquiryReceivedOn: '2025-02-01', ombudsmanReference: 'LGO-1', findings: 'No fault', recordedAt: '2025-09-01T09:00:00.000Z', recordedBy: 'cro' } }),
      new Date('2026-09-01T12:00:00Z'),
      true,
    ],
    [
      'Ombudsman findings recorded before the closure: counted from the closure',
      closedAt('2025-09-01T12:00:00.000Z', { ombudsman: { enquiryReceivedOn: '2025-02-01', ombudsmanReference: 'LGO-1', findings: 'No fault', recordedAt: '2025-03-01T09:00:00.000Z', recordedBy: 'cro' } }),
      new Date('2026-08-31T12:00:00Z'),
      false,
    ],
    ['already anonymised', closedAt('2025-01-10T12:00:00.000Z', { anonymisedAt: '2026-01-10T03:00:00.000Z' }), new Date('2030-01-01T12:00:00Z'), false],
    ['a compliment closed 12 months ago', aNewCompliment({ status: 'closed', closedAt: '2026-03-02T10:01:00.000Z', closure: 'compliment-recorded' }), new Date('2027-03-02T12:00:00Z'), true],
    ['closed but without a closing time (never written so)', aClosedComplaint({ closedAt: undefined }), new Date('2030-01-01T12:00:00Z'), false],
    ['open with a closing time (reopened; never written so)', aComplaintAtStageOne('operations-head', { closedAt: '2025-01-10T12:00:00.000Z' }), new Date('2030-01-01T12:00:00Z'), false],
  ])('%s: due %s', (_what, c, now, expected) => {
    expect(isDueForRemoval(c, policy, calendar, now)).toBe(expected);
  });

  it('follows the policy’s number of months', () => {
    const c = closedAt('2026-03-10T12:00:00.000Z');
    expect(personalDataRemovalDate(c, { personalDataRetentionMonths: 1 }, calendar)).toBe('2026-04-10');
    expect(personalDataRemovalDate(c, { personalDataRetentionMonths: 24 }, calendar)).toBe('2028-03-10');
    expect(isDueForRemoval(c, { personalDataRetentionMonths: 1 }, calendar, new Date('2026-04-10T12:00:00Z'))).toBe(true);
  });

  it('starts the retention period at the later of closure and the Ombudsman’s last recording, not before the case ends', () => {
    expect(retentionStart(aComplaintAtStageOne())).toBeUndefined();
    expect(retentionStart(closedAt('2026-03-10T12:00:00.000Z'))).toBe('2026-03-10T12:00:00.000Z');
    const ombudsman = { enquiryReceivedOn: '2026-03-11', ombudsmanReference: 'LGO-1', findings: 'x', recordedBy: 'cro' };
    expect(retentionStart(closedAt('2026-03-10T12:00:00.000Z', { ombudsman: { ...ombudsman, recordedAt: '2026-03-10T12:00:00.001Z' } }))).toBe('2026-03-10T12:00:00.001Z');
    expect(retentionStart(closedAt('2026-03-10T12:00:00.000Z', { ombudsman: { ...ombudsman, recordedAt: '2026-03-10T12:00:00.000Z' } }))).toBe('2026-03-10T12:00:00.000Z');
    expect(retentionStart(closedAt('2026-03-10T12:00:00.000Z', { ombudsman: { ...ombudsman, recordedAt: '2026-03-10T11:59:59.999Z' } }))).toBe('2026-03-10T12:00:00.000Z');
    expect(personalDataRemovalDate(aComplaintAtStageOne(), policy, calendar)).toBeUndefined();
  });
});

describe('the cutoff the job reads closed cases up to', () => {
  it.each([
    // 12 months before 1 June 2027 is 1 June 2026; the next London day starts at 23:00 UTC on 1 June (BST).
    [new Date('2027-06-01T02:00:00Z'), '2026-06-01T23:00:00.000Z'],
    // In GMT, the London day after 10 January 2026 starts at midnight UTC.
    [new Date('2027-01-10T03:00:00Z'), '2026-01-11T00:00:00.000Z'],
    // 23:30 UTC on 31 March 2027 is already 1 April in London (BST).
    [new Date('2027-03-31T23:30:00Z'), '2026-04-01T23:00:00.000Z'],
    // The last day of February: every day of February a year earlier has ended.
    [new Date('2027-02-28T03:00:00Z'), '2026-03-01T00:00:00.000Z'],
  ])('at %s every due case was closed before %s', (now, cutoff) => {
    expect(retentionCutoff(now, policy, calendar)).toBe(cutoff);
  });

  it('every case due at a moment was closed before its cutoff, and one closed at the cutoff is not yet due', () => {
    const now = new Date('2027-06-01T02:00:00Z');
    const cutoff = retentionCutoff(now, policy, calendar);
    const justBefore = new Date(Date.parse(cutoff) - 1).toISOString();
    expect(isDueForRemoval(aClosedComplaint({ closedAt: justBefore }), policy, calendar, now)).toBe(true);
    expect(isDueForRemoval(aClosedComplaint({ closedAt: cutoff }), policy, calendar, now)).toBe(false);
    expect(londonDate(new Date(cutoff))).toBe('2026-06-02');
  });
});

describe("a month's stored report, once a case's personal data is removed", () => {
  const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
  const empty = collateMonth({ month: '2026-05', now: new Date('2026-06-01T05:00:00Z'), cases: [], open: [], earlier: [], policy: defaultPolicy, calendar });
  const ext = (reference: string, reason: string | null) => ({ reference, stage: 1, workingDays: 5, reason, at: '2026-05-12T09:00:00.000Z' });
  const omb = (reference: string, findings: string | null, recommendations: string | null) => ({ reference, ombudsmanReference: 'LGO-1', enquiryReceivedOn: '2026-05-20', findings, recommendations });
  const report = (extensions: ReturnType<typeof ext>[], cases: ReturnType<typeof omb>[]): MonthlyReport => ({
    ...empty,
    extensions: { ...empty.extensions, stagesExtended: extensions.length, list: extensions },
    ombudsman: { ...empty.ombudsman, enquiries: cases.length, cases },
    lessons: [{ reference: 'CC-2026-00001', stage: 1, decision: 'upheld', text: 'Roll hoses up' }],
  });

  it("removes that case's extension reasons and the Ombudsman's texts, and nothing of another case", () => {
    const before = report([ext('CC-2026-00001', 'Waiting for Ann'), ext('CC-2026-00002', 'Waiting for Bob'), ext('CC-2026-00001', 'Ann is away')], [omb('CC-2026-00001', 'Ann was right', 'Pay Ann'), omb('CC-2026-00002', 'Bob was right', null)]);
    const after = reportWithoutPersonalText(before, 'CC-2026-00001')!;
    expect(after.extensions.list).toEqual([ext('CC-2026-00001', ''), ext('CC-2026-00002', 'Waiting for Bob'), ext('CC-2026-00001', '')]);
    expect(after.ombudsman.cases).toEqual([omb('CC-2026-00001', '', ''), omb('CC-2026-00002', 'Bob was right', null)]);
    // The figures and the lessons are as they were made.
    expect({ ...after, extensions: { ...after.extensions, list: [] }, ombudsman: { ...after.ombudsman, cases: [] } }).toEqual({
      ...before,
      extensions: { ...before.extensions, list: [] },
      ombudsman: { ...before.ombudsman, cases: [] },
    });
    expect(before.extensions.list[0]!.reason).toBe('Waiting for Ann');
  });

  it('keeps a text never recorded as not recorded (null), and removes a recorded one beside it', () => {
    const after = reportWithoutPersonalText(report([ext('CC-2026-00001', null)], [omb('CC-2026-00001', null, 'Apologise')]), 'CC-2026-00001')!;
    expect(after.extensions.list).toEqual([ext('CC-2026-00001', null)]);
    expect(after.ombudsman.cases).toEqual([omb('CC-2026-00001', null, '')]);
    expect(reportWithoutPersonalText(report([], [omb('CC-2026-00001', 'Found', null)]), 'CC-2026-00001')!.ombudsman.cases).toEqual([omb('CC-2026-00001', '', null)]);
  });

  it.each([
    ['the case is not in the report', report([ext('CC-2026-00002', 'Waiting for Bob')], [omb('CC-2026-00002', 'Bob', 'Pay')])],
    ['its texts were never recorded', report([ext('CC-2026-00001', null)], [omb('CC-2026-00001', null, null)])],
    ['its texts are already removed', report([ext('CC-2026-00001', '')], [omb('CC-2026-00001', '', '')])],
  ])('changes nothing when %s', (_what, r) => {
    expect(reportWithoutPersonalText(r, 'CC-2026-00001')).toBeUndefined();
  });
});
