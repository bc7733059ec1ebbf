import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../../functions/domain/calendar';
import type { Case } from '../../../functions/domain/case';
import { defaultPolicy, parsePolicy, type Policy } from '../../../functions/domain/policy';
import { collateYear, financialYear, SUPPRESSED, type AnnualReportInput, type Provision } from '../../../functions/domain/reports/annual';
import { collateMonth } from '../../../functions/domain/reports/monthly';
import { complaintReceived, complaintResolved, stage } from '../../support/report-mothers';
import { A, B, E, G, MAY, NOW, OPEN_NOW } from './may-2026';

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const END_OF_YEAR = new Date('2027-04-01T05:00:00Z');
const MAY_REPORT = collateMonth({ month: '2026-05', now: NOW, cases: MAY, open: OPEN_NOW, earlier: [], policy: defaultPolicy, calendar });

function collate(overrides: Partial<AnnualReportInput> = {}, publishable = false) {
  return collateYear({ year: '2026-27', now: END_OF_YEAR, cases: MAY, months: [undefined, MAY_REPORT], policy: defaultPolicy, calendar, ...overrides }, { publishable });
}

const byId = (provisions: Provision[]) => Object.fromEntries(provisions.map((p) => [p.id, p]));

describe('the financial year', () => {
  it.each([
    ['2026-27', { from: '2026-04-01', to: '2027-03-31', firstMonth: '2026-04' }],
    ['1999-00', { from: '1999-04-01', to: '2000-03-31', firstMonth: '1999-04' }],
  ])('reads %s as April to March', (year, expected) => {
    expect(financialYear(year)).toEqual(expected);
  });

  it.each(['2026-28', '2026', '2026-2027', 'x2026-27', '2026-27x'])('refuses %s', (year) => {
    expect(() => financialYear(year)).toThrow(`Expected a financial year such as "2026-27", got "${year}"`);
  });
});

describe('the annual report of 2026-27 (internal)', () => {
  const r = collate();

  it('names the year and its period, and takes only cases received April to March', () => {
    expect(r).toMatchObject({ year: '2026-27', generatedAt: '2027-04-01T05:00:00.000Z', publishable: false, period: { from: '2026-04-01', to: '2027-03-31' } });
    const outside = [
      complaintReceived({ reference: 'CC-2026-00001', at: '2026-03-31T22:30:00.000Z', on: '2026-03-31', channel: 'web', acknowledgeBy: '2026-04-10T22:59:59.999Z' }),
      complaintReceived({ reference: 'CC-2027-00001', at: '2027-03-31T23:30:00.000Z', on: '2027-04-01', channel: 'web', acknowledgeBy: '2027-04-12T22:59:59.999Z' }),
      complaintReceived({ reference: 'CC-2027-00002', at: '2027-03-31T22:30:00.000Z', on: '2027-03-31', channel: 'web', acknowledgeBy: '2027-04-12T22:59:59.999Z' }),
    ];
    expect(collate({ cases: outside }).received.complaints).toBe(1);
  });

  it('counts the year as the months of May do, acknowledgements as they stand at the end of the year', () => {
    expect(r.received).toMatchObject({ complaints: 7, compliments: 2 });
    expect(r.received.byFunction.map((row) => [row.key, row.complaints, row.compliments])).toEqual([
      ['operations', 4, 1],
      ['prevention', 1, 0],
      ['protection', 1, 0],
      ['fleet', 0, 1],
      ['people', 0, 0],
      ['finance', 0, 0],
      ['control', 0, 0],
      [null, 1, 0],
    ]);
    expect(r.received.byFunction[0]).not.toHaveProperty('lastYear');
    // F's acknowledgement, pending on 1 June, is overdue by the end of the year.
    expect(r.acknowledgements).toEqual({ targetWorkingDays: 7, onTime: 4, late: 1, unacknowledgedOverdue: 2, pending: 0, percentOnTime: 57.1 });
    expect(r.closed).toMatchObject({ total: 4, withinDeadline: 3, percentWithinDeadline: 75 });
    expect(r.outcomes).toMatchObject({ upheld: 1, partlyUpheld: 1, notUpheld: 1, withRemedy: 1 });
    expect(r.extensions).toEqual({ maxWorkingDays: 10, stagesExtended: 2, workingDays: 5, withReason: 1, withoutReason: 1 });
    expect(r.timeToClose).toEqual({ closed: 4, averageWorkingDays: 9.5, percentile90WorkingDays: 12 });
    expect(r.refused).toEqual({ recorded: false, count: 0 });
    expect(r.ombudsman).toMatchObject({ referred: 1, enquiries: 1, withFindings: 1, cases: [expect.objectContaining({ reference: 'CC-2026-00107' })] });
    expect(r.improvements).toEqual({ recorded: 1, lessons: [{ reference: 'CC-2026-00101', stage: 1, decision: 'upheld', text: 'Park with care near driveways' }] });
  });

  it('shows each month from its stored report, and no data where none is stored', () => {
    expect(r.months.map((m) => m.month)).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03']);
    expect(r.months[0]).toEqual({ month: '2026-04', data: false });
    expect(r.months[1]).toEqual({ month: '2026-05', data: true, complaints: 7, compliments: 2, closed: 4, closedWithinDeadline: 3, percentClosedWithinDeadline: 75 });
    expect(r.months.filter((m) => m.data)).toHaveLength(1);
  });

  it('assesses the default policy against the Code, saying where it differs (7 days against 5, three stages against two)', () => {
    const p = byId(r.selfAssessment);
    expect(r.selfAssessment.map((x) => x.id)).toEqual(['acknowledge', 'stage-1-response', 'extension', 'extension-ombudsman-details', 'two-stages', 'stage-2-different-person', 'stage-2-response', 'refusals', 'learning', 'annual-report']);
    expect(p.acknowledge).toEqual({ id: 'acknowledge', code: '6.2', differs: true, complies: 'no', figures: { policy: 7, code: 5 }, evidence: { onTime: 4, due: 7, percent: 57.1 } });
    expect(p['stage-1-response']).toEqual({ id: 'stage-1-response', code: '6.3', differs: false, complies: 'partly', figures: { policy: 10, code: 10 }, evidence: { within: 2, closed: 3, percent: 66.7 } });
    // E's extension has no reason on the case.
    expect(p.extension).toEqual({ id: 'extension', code: '6.4', differs: false, complies: 'partly', figures: { policy: 10, code: 10, codeStage2: 20 }, evidence: { stagesExtended: 2, longer: 0, withoutReason: 1 } });
    expect(p['extension-ombudsman-details']).toMatchObject({ code: '6.5', differs: false, complies: 'yes', evidence: { stagesExtended: 2 } });
    expect(p['two-stages']).toEqual({ id: 'two-stages', code: '6', differs: true, complies: 'no', figures: { policy: 3, code: 2 }, evidence: { escalated: 2, complaints: 7 } });
    expect(p['stage-2-different-person']).toMatchObject({ differs: false, complies: 'yes', evidence: { sameOwner: 0, escalated: 2 } });
    expect(p['stage-2-response']).toEqual({ id: 'stage-2-response', code: '6', differs: false, complies: 'yes', figures: { policy: 20, code: 20, stages: 2 }, evidence: { within: 1, closed: 1, percent: 100 } });
    expect(p.refusals).toMatchObject({ complies: 'no', differs: false, evidence: {} });
    // A (upheld) has a lesson, B (partly upheld) has none.
    expect(p.learning).toMatchObject({ complies: 'partly', evidence: { lessons: 1, upheldWithLessons: 1, upheld: 2 } });
    expect(p['annual-report']).toMatchObject({ complies: 'partly', figures: { months: 12 }, evidence: { monthsStored: 1 } });
  });
});

describe("the self-assessment reads the policy's numbers, never the default's", () => {
  const codeLike: Policy = parsePolicy({
    ...defaultPolicy,
    acknowledgeWithinWorkingDays: 5,
    stages: [
      { name: 'Stage 1', owner: 'functional-head', workingDays: 10 },
      { name: 'Stage 2', owner: 'another-functional-head', workingDays: 20 },
    ],
    maxExtensionWorkingDays: 10,
  });
  /** Acknowledged in time and resolved at stage 1 in time, upheld with a lesson. */
  const good = complaintResolved(
    { reference: 'CC-2026-00300', at: '2026-06-01T09:00:00.000Z', on: '2026-06-01', channel: 'web', function: 'operations', acknowledgeBy: '2026-06-08T22:59:59.999Z', acknowledgedAt: '2026-06-02T09:00:00.000Z' },
    [stage(1, '2026-06-01T09:00:00.000Z', '2026-06-15T22:59:59.999Z', { endedAt: '2026-06-05T09:00:00.000Z', endedBy: 'resolved' })],
    { decision: 'upheld', lessonsLearned: 'Check the address twice' },
  );
  const months = Array.from({ length: 12 }, (_, i) => ({ ...MAY_REPORT, month: `${i < 9 ? 2026 : 2027}-${String(((i + 3) % 12) + 1).padStart(2, '0')}` }));

  it('finds a policy that follows the Code compliant where every case met it', () => {
    const p = byId(collate({ policy: codeLike, cases: [good], months }).selfAssessment);
    expect(Object.values(p).map((x) => [x.id, x.complies, x.differs])).toEqual([
      ['acknowledge', 'yes', false],
      ['stage-1-response', 'yes', false],
      ['extension', 'yes', false],
      ['extension-ombudsman-details', 'yes', false],
      ['two-stages', 'yes', false],
      ['stage-2-different-person', 'yes', false],
      ['stage-2-response', 'yes', false],
      ['refusals', 'no', false],
      ['learning', 'yes', false],
      ['annual-report', 'yes', false],
    ]);
    expect(p['stage-2-response']!.figures).toEqual({ policy: 20, code: 20, stages: 1 });
  });

  it('says no where the policy itself allows more than the Code, and partly where cases fell short', () => {
    const lax = parsePolicy({
      ...defaultPolicy,
      acknowledgeWithinWorkingDays: 6,
      stages: [
        { name: 'Investigation', owner: 'functional-head', workingDays: 11 },
        { name: 'Review', owner: 'functional-head', workingDays: 21 },
      ],
      maxExtensionWorkingDays: 11,
    });
    const p = byId(collate({ policy: lax, cases: [good] }).selfAssessment);
    expect(p.acknowledge).toMatchObject({ complies: 'no', differs: true, figures: { policy: 6, code: 5 } });
    expect(p['stage-1-response']).toMatchObject({ complies: 'no', differs: true, figures: { policy: 11, code: 10 } });
    expect(p.extension).toMatchObject({ complies: 'partly', differs: true, figures: { policy: 11 } });
    expect(p['stage-2-different-person']).toMatchObject({ complies: 'no', differs: true });
    expect(p['stage-2-response']).toMatchObject({ complies: 'no', differs: true, figures: { policy: 21 } });
    expect(p['two-stages']).toMatchObject({ complies: 'yes', differs: false });
  });

  it('finds a single-stage policy without a second stage', () => {
    const one = parsePolicy({ ...defaultPolicy, stages: [{ name: 'Only', owner: 'functional-head', workingDays: 20 }] });
    const p = byId(collate({ policy: one, cases: [good] }).selfAssessment);
    expect(p['two-stages']).toMatchObject({ complies: 'no', figures: { policy: 1 } });
    expect(p['stage-2-response']).toMatchObject({ complies: 'no', figures: { policy: 0, stages: 0 } });
    expect(p['stage-1-response']).toMatchObject({ complies: 'no', differs: true });
  });

  it('finds a later stage owned by an earlier owner, an extension longer than the Code allows, and upheld complaints without lessons', () => {
    const sameOwner: Case = { ...E, stages: [E.stages[0]!, { ...E.stages[1]!, owner: 'owner-1', owners: ['owner-2', 'owner-1'] }] };
    const long: Case = { ...B, stages: [{ ...B.stages[0]!, extendedBy: 11, extensions: [{ ...B.stages[0]!.extensions![0]!, workingDays: 11 }] }] };
    const longAtStage2: Case = { ...G, stages: [G.stages[0]!, { ...G.stages[1]!, extendedBy: 21, extensions: [{ at: G.stages[1]!.startedAt, by: 'x', workingDays: 21, reason: 'y' }] }, G.stages[2]!] };
    const fineAtStage2: Case = { ...G, reference: 'CC-2026-00777', stages: [G.stages[0]!, { ...G.stages[1]!, extendedBy: 20, extensions: [{ at: G.stages[1]!.startedAt, by: 'x', workingDays: 20, reason: 'y' }] }, G.stages[2]!] };
    const { lessonsLearned: _, ...noLesson } = A.outcome!;
    const p = byId(collate({ cases: [sameOwner, long, longAtStage2, fineAtStage2, { ...A, outcome: noLesson }] }).selfAssessment);
    expect(p['stage-2-different-person']).toMatchObject({ complies: 'partly', evidence: { sameOwner: 1, escalated: 3 } });
    // E's first stage was extended (2 days, no reason kept) as well.
    expect(p.extension).toMatchObject({ complies: 'partly', evidence: { stagesExtended: 4, longer: 2, withoutReason: 1 } });
    expect(p.learning).toMatchObject({ complies: 'no', evidence: { lessons: 0, upheldWithLessons: 0, upheld: 2 } });
  });

  it('finds an extension within the Code with its reason compliant, and no extension at all likewise', () => {
    expect(collate({ cases: [B] }).extensions).toEqual({ maxWorkingDays: 10, stagesExtended: 1, workingDays: 3, withReason: 1, withoutReason: 0 });
    const p = byId(collate({ cases: [B] }).selfAssessment);
    expect(p.extension).toMatchObject({ complies: 'yes', evidence: { stagesExtended: 1, longer: 0, withoutReason: 0 } });
    expect(byId(collate({ cases: [] }).selfAssessment).extension).toMatchObject({ complies: 'yes', evidence: { stagesExtended: 0 } });
  });

  it('counts lessons on not-upheld complaints without letting them stand for upheld ones', () => {
    const notUpheldWithLesson: Case = { ...A, outcome: { ...A.outcome!, decision: 'not-upheld' } };
    const { lessonsLearned: _, ...noLesson } = A.outcome!;
    const p = byId(collate({ cases: [notUpheldWithLesson, { ...A, reference: 'CC-2026-00900', outcome: noLesson }] }).selfAssessment);
    expect(p.learning).toMatchObject({ complies: 'no', evidence: { lessons: 1, upheldWithLessons: 0, upheld: 1 } });
  });
});

describe('the publishable annual report', () => {
  const r = collate({}, true);

  it('says it is publishable and hides every count from 1 to 4, showing 0 and 5 or more', () => {
    expect(r.publishable).toBe(true);
    expect(r.received).toMatchObject({ complaints: 7, compliments: SUPPRESSED });
    expect(r.received.byFunction.map((row) => [row.key, row.complaints, row.compliments])).toEqual([
      ['operations', SUPPRESSED, SUPPRESSED],
      ['prevention', SUPPRESSED, 0],
      ['protection', SUPPRESSED, 0],
      ['fleet', 0, SUPPRESSED],
      ['people', 0, 0],
      ['finance', 0, 0],
      ['control', 0, 0],
      [null, SUPPRESSED, 0],
    ]);
    expect(r.timeToClose).toEqual({ closed: SUPPRESSED, averageWorkingDays: SUPPRESSED, percentile90WorkingDays: SUPPRESSED });
    expect(r.extensions).toEqual({ maxWorkingDays: 10, stagesExtended: SUPPRESSED, workingDays: SUPPRESSED, withReason: SUPPRESSED, withoutReason: SUPPRESSED });
  });

  it('leaves out free text and case references', () => {
    expect(r.improvements).toEqual({ recorded: SUPPRESSED, lessons: [] });
    expect(r.ombudsman).toEqual({ referred: SUPPRESSED, enquiries: SUPPRESSED, withFindings: SUPPRESSED, cases: [] });
    expect(JSON.stringify(r)).not.toMatch(/CC-2026-|Park with care|Fault, no injustice|Waiting for CCTV/);
  });

  it('hides figures in the self-assessment evidence that would reveal a small count', () => {
    const p = byId(r.selfAssessment);
    // 4 of 7: the 3 not on time would show.
    expect(p.acknowledge!.evidence).toStrictEqual({ onTime: SUPPRESSED, due: 7, percent: SUPPRESSED });
    expect(p['stage-1-response']!.evidence).toStrictEqual({ within: SUPPRESSED, closed: SUPPRESSED, percent: SUPPRESSED });
    expect(p.extension!.evidence).toStrictEqual({ stagesExtended: SUPPRESSED, longer: 0, withoutReason: SUPPRESSED });
    expect(p.learning!.evidence).toStrictEqual({ lessons: SUPPRESSED, upheldWithLessons: SUPPRESSED, upheld: SUPPRESSED });
    expect(p['two-stages']!.evidence).toStrictEqual({ escalated: SUPPRESSED, complaints: 7 });
    expect(p.refusals!.evidence).toStrictEqual({});
    expect(p['annual-report']!.evidence).toStrictEqual({ monthsStored: SUPPRESSED });
    // A part of a hidden whole is hidden too, even 0.
    expect(p['stage-2-different-person']!.evidence).toStrictEqual({ sameOwner: SUPPRESSED, escalated: SUPPRESSED });
  });

  it('shows the figures of a year large enough to publish', () => {
    // 30 complaints about Operations by web, each acknowledged on time and resolved in time at stage 1, upheld.
    const many = Array.from({ length: 30 }, (_, i) => ({ ...A, reference: `CC-2026-${String(400 + i).padStart(5, '0')}` }));
    const big = collate({ cases: many, months: [] }, true);
    expect(big.received.byFunction[0]).toMatchObject({ key: 'operations', complaints: 30, compliments: 0 });
    expect(big.acknowledgements).toMatchObject({ onTime: 30, late: 0, percentOnTime: 100 });
    expect(big.closed).toMatchObject({ total: 30, withinDeadline: 30, percentWithinDeadline: 100 });
    expect(big.closed.byStage[0]).toMatchObject({ closed: 30, withinDeadline: 30, withinTimescale: 30, percentWithinDeadline: 100 });
    expect(big.outcomes).toMatchObject({ upheld: 30, partlyUpheld: 0, notUpheld: 0, withRemedy: 30 });
    expect(big.timeToClose).toEqual({ closed: 30, averageWorkingDays: 8, percentile90WorkingDays: 8 });
    expect(big.improvements).toEqual({ recorded: 30, lessons: [] });
    expect(big.months.every((m) => !m.data)).toBe(true);
    expect(byId(big.selfAssessment).acknowledge!.evidence).toEqual({ onTime: 30, due: 30, percent: 100 });
  });

  it('hides acknowledgements as a column whose total is shown', () => {
    // 4 on time, 1 late, 2 overdue (F and I by the end of the year), 0 pending.
    expect(r.acknowledgements).toEqual({ targetWorkingDays: 7, onTime: SUPPRESSED, late: SUPPRESSED, unacknowledgedOverdue: SUPPRESSED, pending: 0, percentOnTime: SUPPRESSED });
  });

  it('hides a small column cell together with the next smallest, and parts of wholes whose remainder is small', () => {
    const many = (n: number, c: Case, from: number) => Array.from({ length: n }, (_, i) => ({ ...c, reference: `CC-2026-${String(from + i).padStart(5, '0')}` }));
    const { acknowledgedAt: _, ...unacknowledged } = A;
    const late = { ...A, acknowledgedAt: '2026-05-14T09:00:00.000Z' };
    const partly = { ...A, outcome: { ...A.outcome!, decision: 'partly-upheld' as const, remedy: undefined } };
    const notUpheld = { ...A, outcome: { ...A.outcome!, decision: 'not-upheld' as const } };
    const { remedy: __, ...noRemedy } = notUpheld.outcome;
    // 30 upheld with a remedy and on time; 5 acknowledged late; 3 never acknowledged; 2 partly upheld without a remedy; 5 not upheld with a remedy, 1 without.
    const cases = [...many(30, A, 500), ...many(5, late, 600), ...many(3, unacknowledged, 700)];
    const decided = [...many(2, { ...partly, outcome: (({ remedy: _r, ...o }) => o)(partly.outcome) }, 800), ...many(5, notUpheld, 900), ...many(1, { ...notUpheld, outcome: noRemedy }, 950)];
    const big = collate({ cases: [...cases.map((c) => ({ ...c, outcome: A.outcome! })), ...decided], months: [] }, true);
    // onTime 38 (30 + 2 + 5 + 1), late 5, overdue 3, pending 0: 3 hidden, and 5 with it.
    expect(big.acknowledgements).toMatchObject({ onTime: 38, late: SUPPRESSED, unacknowledgedOverdue: SUPPRESSED, pending: 0, percentOnTime: 82.6 });
    // Upheld 38, partly 2, not 6: the 2 hidden, and the 6 with it (the row's total is shown).
    expect(big.outcomes).toMatchObject({ upheld: 38, partlyUpheld: SUPPRESSED, notUpheld: SUPPRESSED });
    // With a remedy: 38 + 5 = 43 of 46: 3 without would show.
    expect(big.outcomes.withRemedy).toBe(SUPPRESSED);
  });

  it('hides a month of the trend with a small count, and keeps months without data as they are', () => {
    expect(r.months[0]).toEqual({ month: '2026-04', data: false });
    expect(r.months[1]).toEqual({ month: '2026-05', data: true, complaints: 7, compliments: SUPPRESSED, closed: SUPPRESSED, closedWithinDeadline: SUPPRESSED, percentClosedWithinDeadline: SUPPRESSED });
  });
});
