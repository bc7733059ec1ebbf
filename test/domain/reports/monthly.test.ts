import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../../functions/domain/calendar';
import type { Case } from '../../../functions/domain/case';
import { defaultPolicy, parsePolicy, type Policy } from '../../../functions/domain/policy';
import { collateMonth, headline, MonthlyReportSchema, type MonthlyReport, type MonthlyReportInput } from '../../../functions/domain/reports/monthly';
import { complaintReceived, complaintResolved, complimentReceived, stage } from '../../support/report-mothers';
import { A, B, G, H, MAY, NOW, OPEN_NOW } from './may-2026';

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);

function collate(overrides: Partial<MonthlyReportInput> = {}): MonthlyReport {
  return collateMonth({ month: '2026-05', now: NOW, cases: MAY, open: OPEN_NOW, earlier: [], policy: defaultPolicy, calendar, ...overrides });
}

/** A month's report made from a few cases, as the store would hold it. */
function storedReport(month: string, cases: Case[], now: Date): MonthlyReport {
  return collateMonth({ month, now, cases, open: [], earlier: [], policy: defaultPolicy, calendar });
}

/** May 2025: one web complaint about Operations (driving), resolved in time at stage 1, upheld; one compliment by email. */
const MAY_2025 = storedReport(
  '2025-05',
  [
    complaintResolved(
      { reference: 'CC-2025-00050', at: '2025-05-06T09:00:00.000Z', on: '2025-05-06', channel: 'web', function: 'operations', category: 'driving', acknowledgeBy: '2025-05-15T22:59:59.999Z', acknowledgedAt: '2025-05-06T09:00:00.000Z' },
      [stage(1, '2025-05-06T09:00:00.000Z', '2025-05-20T22:59:59.999Z', { endedAt: '2025-05-09T09:00:00.000Z', endedBy: 'resolved' })],
      { decision: 'upheld' },
    ),
    complimentReceived({ reference: 'CC-2025-00051', at: '2025-05-07T09:00:00.000Z', on: '2025-05-07', channel: 'email', function: 'operations', acknowledgeBy: '2025-05-16T22:59:59.999Z' }),
  ],
  new Date('2025-06-01T05:00:00Z'),
);
const DECEMBER_2025 = storedReport(
  '2025-12',
  [complaintReceived({ reference: 'CC-2025-00300', at: '2025-12-02T10:00:00.000Z', on: '2025-12-02', channel: 'phone', acknowledgeBy: '2025-12-11T23:59:59.999Z' })],
  new Date('2026-01-01T06:00:00Z'),
);
const APRIL_2026 = storedReport('2026-04', [], new Date('2026-05-01T05:00:00Z'));
/** The twelve months before May 2026, oldest first (May 2025 ... April 2026). */
const EARLIER: (MonthlyReport | undefined)[] = [MAY_2025, undefined, undefined, undefined, undefined, undefined, undefined, DECEMBER_2025, undefined, undefined, undefined, APRIL_2026];

describe('the monthly report of May 2026 (every figure worked out by hand in may-2026.ts)', () => {
  const report = collate({ earlier: EARLIER });

  it('names the month, when it was made and the cohort by London date of receipt', () => {
    expect(report).toMatchObject({ month: '2026-05', generatedAt: '2026-06-01T05:00:00.000Z', cohort: { from: '2026-05-01', to: '2026-05-31' } });
  });

  it('counts complaints and compliments received, by channel, by function (with "not known") and by category (with "not yet categorised" and a category the policy no longer lists)', () => {
    expect(report.received).toMatchObject({ complaints: 7, compliments: 2 });
    const byChannel = report.received.byChannel.map((r) => [r.key, r.complaints, r.compliments, r.lastYear]);
    expect(byChannel).toEqual([
      ['web', 3, 0, { complaints: 1, compliments: 0 }],
      ['phone', 1, 0, { complaints: 0, compliments: 0 }],
      ['letter', 1, 1, { complaints: 0, compliments: 0 }],
      ['email', 1, 1, { complaints: 0, compliments: 1 }],
      ['in-person', 1, 0, { complaints: 0, compliments: 0 }],
      ['consultation', 0, 0, { complaints: 0, compliments: 0 }],
    ]);
    expect(report.received.byFunction.map((r) => [r.key, r.name, r.listed, r.complaints, r.compliments])).toEqual([
      ['operations', 'Operations', true, 4, 1],
      ['prevention', 'Prevention', true, 1, 0],
      ['protection', 'Protection', true, 1, 0],
      ['fleet', 'Fleet and Equipment', true, 0, 1],
      ['people', 'People', true, 0, 0],
      ['finance', 'Finance', true, 0, 0],
      ['control', 'Fire Control', true, 0, 0],
      [null, null, true, 1, 0],
    ]);
    expect(report.received.byCategory.map((r) => [r.key, r.name, r.listed, r.complaints, r.compliments, r.lastYear?.complaints])).toEqual([
      ['behaviour', 'Behaviour of staff', true, 2, 0, 0],
      ['driving', 'Driving', true, 2, 0, 1],
      ['damage-to-property', 'Damage to property', true, 0, 0, 0],
      ['operational-response', 'Operational response', true, 0, 0, 0],
      ['prevention', 'Prevention', true, 0, 0, 0],
      ['protection', 'Protection', true, 0, 0, 0],
      ['work-process', 'Work process', true, 0, 0, 0],
      ['other', 'Other', true, 0, 0, 0],
      ['retired-category', null, false, 1, 0, 0],
      [null, null, true, 2, 0, 0],
    ]);
  });

  it('counts acknowledgements of complaints: on time (A, E, G, H), late (B), overdue and still unacknowledged (I), not yet due (F)', () => {
    expect(report.acknowledgements).toEqual({ targetWorkingDays: 7, onTime: 4, late: 1, unacknowledgedOverdue: 1, pending: 1, percentOnTime: 66.7 });
  });

  it("counts complaints closed at each stage, within the stage's deadline and within the policy's own timescale", () => {
    expect(report.closed).toEqual({
      total: 4,
      withinDeadline: 3,
      percentWithinDeadline: 75,
      byStage: [
        // A in time; B in its extended time only; H late.
        { stage: 1, name: 'Stage 1: Functional Head', targetWorkingDays: 10, closed: 3, resolved: 3, ombudsmanReferral: 0, withinDeadline: 2, withinTimescale: 1, percentWithinDeadline: 66.7, percentWithinTimescale: 33.3 },
        { stage: 2, name: 'Stage 2: another Functional Head', targetWorkingDays: 10, closed: 0, resolved: 0, ombudsmanReferral: 0, withinDeadline: 0, withinTimescale: 0, percentWithinDeadline: null, percentWithinTimescale: null },
        // G, closed by referral to the Ombudsman after stage 3, before its deadline.
        { stage: 3, name: 'Stage 3: Customer Relations Officer', targetWorkingDays: 10, closed: 1, resolved: 0, ombudsmanReferral: 1, withinDeadline: 1, withinTimescale: 1, percentWithinDeadline: 100, percentWithinTimescale: 100 },
      ],
    });
  });

  it('lists extensions with their reasons, and "reason not recorded" (null) for one made before reasons were kept', () => {
    expect(report.extensions).toEqual({
      maxWorkingDays: 10,
      stagesExtended: 2,
      workingDays: 5,
      list: [
        { reference: 'CC-2026-00102', stage: 1, workingDays: 3, reason: 'Waiting for CCTV', at: '2026-05-15T09:00:00.000Z' },
        { reference: 'CC-2026-00105', stage: 1, workingDays: 2, reason: null, at: null },
      ],
    });
  });

  it('counts outcomes in all and by stage', () => {
    expect(report.outcomes).toEqual({
      upheld: 1,
      partlyUpheld: 1,
      notUpheld: 1,
      withRemedy: 1,
      byStage: [
        { stage: 1, upheld: 1, partlyUpheld: 1, notUpheld: 1 },
        { stage: 2, upheld: 0, partlyUpheld: 0, notUpheld: 0 },
        { stage: 3, upheld: 0, partlyUpheld: 0, notUpheld: 0 },
      ],
    });
  });

  it("counts every case open now that was received by the month's end (not June's), and the overdue ones", () => {
    // D, E, F, I and April's J (K was received in June); overdue: E (stage 2 due 27 May) and J.
    expect(report.open).toEqual({
      total: 5,
      overdue: 2,
      complaints: 4,
      compliments: 1,
      byStage: [
        { stage: null, total: 2, overdue: 0 },
        { stage: 1, total: 2, overdue: 1 },
        { stage: 2, total: 1, overdue: 1 },
        { stage: 3, total: 0, overdue: 0 },
      ],
      underReview: { total: 0, overdue: 0 },
    });
  });

  it('counts Ombudsman referrals and enquiries, with their findings', () => {
    expect(report.ombudsman).toEqual({
      referred: 1,
      enquiries: 1,
      withFindings: 1,
      cases: [{ reference: 'CC-2026-00107', ombudsmanReference: 'LGO-26-001', enquiryReceivedOn: '2026-05-28', findings: 'Fault, no injustice', recommendations: null }],
    });
  });

  it('measures working days from receipt to close: 8 (A), 12 (B, from the bank holiday), 6 (G), 12 (H)', () => {
    expect(report.timeToClose).toEqual({ closed: 4, averageWorkingDays: 9.5, percentile90WorkingDays: 12 });
  });

  it('lists the lessons learned with reference, stage and decision', () => {
    expect(report.lessons).toEqual([{ reference: 'CC-2026-00101', stage: 1, decision: 'upheld', text: 'Park with care near driveways' }]);
  });

  it('compares with May 2025 from its stored report', () => {
    expect(report.lastYear).toEqual({
      month: '2025-05',
      complaints: 1,
      compliments: 1,
      acknowledgedOnTimePercent: 100,
      closed: 1,
      closedWithinDeadline: 1,
      percentClosedWithinDeadline: 100,
      upheld: 1,
      partlyUpheld: 0,
      notUpheld: 0,
      averageWorkingDaysToClose: 3,
    });
  });

  it('draws a 12-month trend to May 2026, marking months without a stored report as no data, never zero', () => {
    expect(report.trend.map((p) => p.month)).toEqual(['2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(report.trend.filter((p) => !p.data).map((p) => p.month)).toEqual(['2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2026-01', '2026-02', '2026-03']);
    expect(report.trend[6]).toEqual({ month: '2025-12', data: true, complaints: 1, compliments: 0, closed: 0, closedWithinDeadline: 0, percentClosedWithinDeadline: null });
    expect(report.trend[10]).toEqual({ month: '2026-04', data: true, complaints: 0, compliments: 0, closed: 0, closedWithinDeadline: 0, percentClosedWithinDeadline: null });
    expect(report.trend[11]).toEqual({ month: '2026-05', data: true, complaints: 7, compliments: 2, closed: 4, closedWithinDeadline: 3, percentClosedWithinDeadline: 75 });
  });

  it('reads back through its schema unchanged (what the store keeps is what scripts read)', () => {
    const json = JSON.parse(JSON.stringify(report));
    expect(MonthlyReportSchema.parse(json)).toEqual(report);
    expect(json).toMatchObject({ month: '2026-05', received: { complaints: 7, compliments: 2 }, outcomes: { upheld: 1, partlyUpheld: 1, notUpheld: 1 }, open: { total: 5, overdue: 2 } });
  });

  it("sums up a month's headline figures", () => {
    expect(headline(report)).toEqual({
      complaints: 7,
      compliments: 2,
      acknowledgedOnTimePercent: 66.7,
      closed: 4,
      closedWithinDeadline: 3,
      percentClosedWithinDeadline: 75,
      upheld: 1,
      partlyUpheld: 1,
      notUpheld: 1,
      averageWorkingDaysToClose: 9.5,
    });
  });
});

describe('edge cases', () => {
  it('reports an empty month as zeros, with no percentages and no averages, and no year-earlier comparison without a stored report', () => {
    const r = collate({ cases: [], open: [] });
    expect(r.received).toMatchObject({ complaints: 0, compliments: 0 });
    expect(r.received.byFunction.at(-1)!.key).toBe('control');
    expect(r.received.byCategory.every((row) => row.listed && row.key !== null && row.lastYear === null)).toBe(true);
    expect(r.acknowledgements.percentOnTime).toBeNull();
    expect(r.closed).toMatchObject({ total: 0, percentWithinDeadline: null });
    expect(r.timeToClose).toEqual({ closed: 0, averageWorkingDays: null, percentile90WorkingDays: null });
    expect(r.open).toMatchObject({ total: 0, overdue: 0 });
    expect(r.lessons).toEqual([]);
    expect(r.lastYear).toBeNull();
    expect(r.trend.filter((p) => p.data).map((p) => p.month)).toEqual(['2026-05']);
  });

  it.each([
    // [label, month, received at (UTC), its London date, in the month?]
    ['the last hour of March in BST is 31 March in London', '2026-03', '2026-03-31T22:30:00.000Z', '2026-03-31', true],
    ['23:30 UTC on 31 March is 1 April in London (BST)', '2026-03', '2026-03-31T23:30:00.000Z', '2026-04-01', false],
    ['the morning the clocks go forward (29 March, 01:30 UTC) is March', '2026-03', '2026-03-29T01:30:00.000Z', '2026-03-29', true],
    ['23:30 UTC on 31 October is 31 October in London (GMT after the clocks go back)', '2026-10', '2026-10-31T23:30:00.000Z', '2026-10-31', true],
    ['23:30 UTC on 30 September is 1 October in London (BST)', '2026-10', '2026-09-30T23:30:00.000Z', '2026-10-01', true],
    ['00:30 UTC on 1 November 2025 is 1 November in London (GMT)', '2025-11', '2025-11-01T00:30:00.000Z', '2025-11-01', true],
    ['a case received on the bank holiday Mon 4 May 2026 belongs to May', '2026-05', '2026-05-04T09:00:00.000Z', '2026-05-04', true],
  ])('counts a case in the month of its London date of receipt: %s', (_, month, at, on, inMonth) => {
    const c = complaintReceived({ reference: 'CC-2026-00500', at, on, channel: 'web', function: 'operations', acknowledgeBy: '2026-12-31T23:59:59.999Z' });
    expect(c.receivedOn).toBe(calendar.londonDate(new Date(at)));
    expect(collate({ month, cases: [c], open: [] }).received.complaints).toBe(inMonth ? 1 : 0);
  });

  it('counts working days to close across the clock change from the London date of receipt', () => {
    // Received 23:30 UTC Fri 27 March 2026 (GMT: still the 27th); closed Wed 1 April 09:00 BST: 30, 31 March, 1 April = 3.
    const c = complaintResolved(
      { reference: 'CC-2026-00501', at: '2026-03-27T23:30:00.000Z', on: '2026-03-27', channel: 'web', function: 'operations', acknowledgeBy: '2026-04-08T22:59:59.999Z', acknowledgedAt: '2026-03-30T09:00:00.000Z' },
      [stage(1, '2026-03-27T23:30:00.000Z', '2026-04-14T22:59:59.999Z', { endedAt: '2026-04-01T08:00:00.000Z', endedBy: 'resolved' })],
      { decision: 'not-upheld' },
    );
    expect(collate({ month: '2026-03', now: new Date('2026-04-01T05:00:00Z'), cases: [c], open: [] }).timeToClose).toEqual({ closed: 1, averageWorkingDays: 3, percentile90WorkingDays: 3 });
  });

  it('counts the working days of a case received on Christmas Day from the next working day (29 December, after Boxing Day moved to the 28th)', () => {
    const c = complaintResolved(
      { reference: 'CC-2026-00502', at: '2026-12-25T10:00:00.000Z', on: '2026-12-25', channel: 'email', function: 'operations', acknowledgeBy: '2027-01-07T23:59:59.999Z', acknowledgedAt: '2026-12-29T10:00:00.000Z' },
      [stage(1, '2026-12-25T10:00:00.000Z', '2027-01-12T23:59:59.999Z', { endedAt: '2026-12-31T10:00:00.000Z', endedBy: 'resolved' })],
      { decision: 'upheld' },
    );
    // 29, 30, 31 December.
    expect(collate({ month: '2026-12', now: new Date('2027-01-01T06:00:00Z'), cases: [c], open: [] }).timeToClose.averageWorkingDays).toBe(3);
  });

  it('keeps compliments out of every complaint figure', () => {
    const thanked = complimentReceived(
      { reference: 'CC-2026-00503', at: '2026-05-06T08:00:00.000Z', on: '2026-05-06', channel: 'web', function: 'operations', category: 'driving', acknowledgeBy: '2026-05-01T22:59:59.999Z' },
      { status: 'closed', closedAt: '2026-05-29T08:00:00.000Z', closure: 'compliment-recorded', stages: [stage(1, '2026-05-06T08:00:00.000Z', '2026-05-07T22:59:59.999Z', { extendedBy: 1 })] },
    );
    const r = collate({ cases: [thanked], open: [] });
    expect(r.received).toMatchObject({ complaints: 0, compliments: 1 });
    expect(r.received.byCategory.every((row) => row.complaints === 0 && row.compliments === 0)).toBe(true);
    expect(r.acknowledgements).toMatchObject({ onTime: 0, late: 0, unacknowledgedOverdue: 0, pending: 0 });
    expect(r.closed.total).toBe(0);
    expect(r.extensions.stagesExtended).toBe(0);
    expect(r.timeToClose.closed).toBe(0);
  });

  it('counts a complaint whose stage ran out of time after the last stage as closed at that stage, but not within its deadline', () => {
    const ranOut = complaintReceived(
      { reference: 'CC-2026-00504', at: '2026-05-01T09:00:00.000Z', on: '2026-05-01', channel: 'web', function: 'operations', acknowledgeBy: '2026-05-13T22:59:59.999Z', acknowledgedAt: '2026-05-01T09:00:00.000Z' },
      {
        status: 'closed',
        closure: 'ombudsman-referral',
        closedAt: '2026-05-19T00:00:05.000Z',
        stages: [stage(1, '2026-05-01T09:00:00.000Z', '2026-05-18T22:59:59.999Z', { endedAt: '2026-05-18T22:59:59.999Z', endedBy: 'deadline' })],
      },
    );
    const single = parsePolicy({ ...defaultPolicy, stages: [defaultPolicy.stages[0]] });
    const r = collate({ cases: [ranOut], open: [], policy: single });
    expect(r.closed.byStage).toEqual([expect.objectContaining({ closed: 1, ombudsmanReferral: 1, withinDeadline: 0, withinTimescale: 0 })]);
    expect(r.ombudsman).toMatchObject({ referred: 1, enquiries: 0 });
  });

  it("counts a stage extended under the policy's timescale as within both", () => {
    const early = { ...A, stages: [{ ...A.stages[0]!, extendedBy: 2, deadline: '2026-05-20T22:59:59.999Z' }] };
    expect(collate({ cases: [early], open: [] }).closed.byStage[0]).toMatchObject({ withinDeadline: 1, withinTimescale: 1 });
  });

  it("judges a stage not extended by the deadline it was given, and an extended one by the policy's days from its start", () => {
    const policy = (days: number) => parsePolicy({ ...defaultPolicy, stages: [{ ...defaultPolicy.stages[0], workingDays: days }, ...defaultPolicy.stages.slice(1)] });
    // A was given 18 May and closed on the 14th; the policy now says 5 days (8 May), which A never had.
    expect(collate({ cases: [A], open: [], policy: policy(5) }).closed.byStage[0]).toMatchObject({ withinDeadline: 1, withinTimescale: 1 });
    // B, extended, closed on 20 May: 12 working days from the bank holiday end on 20 May, 10 on 18 May.
    expect(collate({ cases: [B], open: [], policy: policy(12) }).closed.byStage[0]).toMatchObject({ withinDeadline: 1, withinTimescale: 1 });
    expect(collate({ cases: [B], open: [], policy: policy(10) }).closed.byStage[0]).toMatchObject({ withinDeadline: 1, withinTimescale: 0 });
  });

  it('lists the part of an extension recorded before reasons were kept, then those with reasons', () => {
    const mixed = { ...B, stages: [{ ...B.stages[0]!, extendedBy: 5 }] };
    expect(collate({ cases: [mixed], open: [] }).extensions).toMatchObject({
      stagesExtended: 1,
      workingDays: 5,
      list: [
        { reference: 'CC-2026-00102', stage: 1, workingDays: 2, reason: null, at: null },
        { reference: 'CC-2026-00102', stage: 1, workingDays: 3, reason: 'Waiting for CCTV' },
      ],
    });
  });

  it("keeps the Ombudsman's recommendations, and an enquiry without findings yet", () => {
    const withRecommendations = { ...G, ombudsman: { ...G.ombudsman!, recommendations: 'Apologise and pay £100' } };
    const { findings: _, ...noFindings } = G.ombudsman!;
    const waiting = { ...G, reference: 'CC-2026-00111', ombudsman: noFindings };
    expect(collate({ cases: [withRecommendations, waiting], open: [] }).ombudsman).toEqual({
      referred: 2,
      enquiries: 2,
      withFindings: 1,
      cases: [
        { reference: 'CC-2026-00107', ombudsmanReference: 'LGO-26-001', enquiryReceivedOn: '2026-05-28', findings: 'Fault, no injustice', recommendations: 'Apologise and pay £100' },
        { reference: 'CC-2026-00111', ombudsmanReference: 'LGO-26-001', enquiryReceivedOn: '2026-05-28', findings: null, recommendations: null },
      ],
    });
  });

  it('counts a closure exactly at the deadline as within it, and a millisecond later as late', () => {
    const at = (endedAt: string) => ({ ...A, closedAt: endedAt, stages: [{ ...A.stages[0]!, endedAt }] });
    expect(collate({ cases: [at('2026-05-18T22:59:59.999Z')], open: [] }).closed.withinDeadline).toBe(1);
    expect(collate({ cases: [at('2026-05-18T23:00:00.000Z')], open: [] }).closed.withinDeadline).toBe(0);
  });

  it('counts an acknowledgement exactly at its deadline as on time, and an unacknowledged complaint as overdue only once the deadline has passed', () => {
    const acknowledgedAt = (t: string) => ({ ...A, acknowledgedAt: t });
    expect(collate({ cases: [acknowledgedAt('2026-05-13T22:59:59.999Z')], open: [] }).acknowledgements).toMatchObject({ onTime: 1, late: 0 });
    expect(collate({ cases: [acknowledgedAt('2026-05-13T23:00:00.000Z')], open: [] }).acknowledgements).toMatchObject({ onTime: 0, late: 1 });
    const { acknowledgedAt: _, ...unacknowledged } = A;
    expect(collate({ cases: [unacknowledged], open: [], now: new Date('2026-05-13T22:59:59.999Z') }).acknowledgements).toMatchObject({ pending: 1, unacknowledgedOverdue: 0 });
    expect(collate({ cases: [unacknowledged], open: [], now: new Date('2026-05-13T23:00:00.000Z') }).acknowledgements).toMatchObject({ pending: 0, unacknowledgedOverdue: 1 });
  });

  it('counts an open case overdue only once its next deadline has passed, and ignores closed ones handed in as open', () => {
    const due = { ...complaintReceived({ reference: 'CC-2026-00505', at: '2026-05-01T09:00:00.000Z', on: '2026-05-01', channel: 'web', acknowledgeBy: '2026-06-01T05:00:00.000Z' }) };
    expect(collate({ open: [due] }).open).toMatchObject({ total: 1, overdue: 0 });
    expect(collate({ open: [due], now: new Date('2026-06-01T05:00:00.001Z') }).open).toMatchObject({ total: 1, overdue: 1 });
    expect(collate({ open: [A, { ...due, nextDeadline: null }] }).open).toMatchObject({ total: 1, overdue: 0 });
  });

  it('uses the names of the policy in force and counts stages the policy has', () => {
    const policy: Policy = parsePolicy({
      ...defaultPolicy,
      functions: [{ id: 'operations', name: 'Response' }, { id: 'prevention', name: 'Prevention' }],
      complaintCategories: [{ id: 'driving', name: 'Road use' }],
      stages: [{ name: 'Investigation', owner: 'functional-head', workingDays: 20 }, { name: 'Review', owner: 'another-functional-head', workingDays: 20 }],
      acknowledgeWithinWorkingDays: 5,
      maxExtensionWorkingDays: 15,
    });
    // Resolved at stage 3, which this policy does not have.
    const atStageThree = { ...H, reference: 'CC-2026-00112', stages: [...G.stages.slice(0, 2), { ...G.stages[2]!, endedBy: 'resolved' as const }], outcome: { ...H.outcome!, stage: 3 }, closedAt: G.closedAt };
    const r = collate({ policy, cases: [A, B, G, atStageThree] });
    expect(r.received.byFunction.map((row) => [row.key, row.name, row.listed])).toEqual([
      ['operations', 'Response', true],
      ['prevention', 'Prevention', true],
      [null, null, true],
    ]);
    expect(r.received.byCategory.map((row) => [row.key, row.name, row.complaints])).toEqual([
      ['driving', 'Road use', 2],
      ['behaviour', null, 1],
      [null, null, 1],
    ]);
    expect(r.acknowledgements.targetWorkingDays).toBe(5);
    expect(r.extensions.maxWorkingDays).toBe(15);
    // G closed at stage 3, which this policy does not have: not counted at any stage.
    expect(r.closed.byStage.map((s) => [s.name, s.targetWorkingDays, s.closed])).toEqual([
      ['Investigation', 20, 2],
      ['Review', 20, 0],
    ]);
    expect(r.outcomes).toMatchObject({ upheld: 1, partlyUpheld: 1, notUpheld: 1, byStage: [{ stage: 1, upheld: 1, partlyUpheld: 1, notUpheld: 0 }, { stage: 2, upheld: 0, partlyUpheld: 0, notUpheld: 0 }] });
    expect(r.open.byStage.map((s) => s.stage)).toEqual([null, 1, 2]);
  });

  it('ignores a stored report of another month in the place of a year earlier, and takes it where it belongs', () => {
    const r = collate({ earlier: [DECEMBER_2025] });
    expect(r.lastYear).toBeNull();
    expect(r.trend.find((p) => p.month === '2025-12')?.data).toBe(true);
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => collate({ month: '2026-5' })).toThrow(RangeError);
    expect(() => collate({ month: '2026-13' })).toThrow(RangeError);
    expect(() => collate({ month: 'x2026-05' })).toThrow('Expected a month as YYYY-MM, got "x2026-05"');
  });

  it("leaves out cases handed in that were received before or after the month", () => {
    const april = { ...A, reference: 'CC-2026-00080', receivedAt: '2026-04-30T22:30:00.000Z', receivedOn: '2026-04-30' };
    const june = { ...A, reference: 'CC-2026-00081', receivedAt: '2026-05-31T23:30:00.000Z', receivedOn: '2026-06-01' };
    expect(collate({ cases: [april, A, june], open: [] }).received.complaints).toBe(1);
  });

  it('counts a complaint closed without any stage (an old record) as closed, at no stage', () => {
    const { outcome: _, ...noOutcome } = A;
    const r = collate({ cases: [{ ...noOutcome, stages: [] }], open: [] });
    expect(r.closed).toMatchObject({ total: 0, withinDeadline: 0 });
    expect(r.timeToClose).toMatchObject({ closed: 1, averageWorkingDays: 8 });
  });

  it('reads back a stored report with a lesson at a later stage', () => {
    const report = collate({ cases: [{ ...H, outcome: { ...H.outcome!, stage: 2, lessonsLearned: 'Ask sooner' } }], open: [] });
    expect(MonthlyReportSchema.parse(JSON.parse(JSON.stringify(report))).lessons).toEqual([{ reference: 'CC-2026-00108', stage: 2, decision: 'not-upheld', text: 'Ask sooner' }]);
  });

  it('refuses a stored report that is not one', () => {
    expect(MonthlyReportSchema.safeParse({ ...MAY_2025, month: 'May' }).success).toBe(false);
    expect(MonthlyReportSchema.safeParse({ ...MAY_2025, open: { total: -1, overdue: 0 } }).success).toBe(false);
  });

  it('takes every field of the year-earlier comparison from that report', () => {
    const r = collate({ cases: [G], earlier: [MAY_2025] });
    expect(r.received.byChannel[0]).toMatchObject({ key: 'web', complaints: 1, lastYear: { complaints: 1, compliments: 0 } });
    expect(r.received.byChannel[3]).toMatchObject({ key: 'email', complaints: 0, lastYear: { complaints: 0, compliments: 1 } });
    expect(r.received.byFunction.find((row) => row.key === null)).toBeUndefined();
  });
});
