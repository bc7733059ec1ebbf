import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../../functions/domain/calendar';
import type { Case, InformationReview } from '../../../functions/domain/case';
import { defaultPolicy } from '../../../functions/domain/policy';
import { collateMonth, MonthlyReportSchema } from '../../../functions/domain/reports/monthly';
import { monthlyDocument } from '../../../functions/reports/monthly-view';
import { complaintReceived } from '../../support/report-mothers';
import { enGB } from '../../support/texts';
import { MAY, NOW, OPEN_NOW } from './may-2026';

/**
 * Information-request reviews in the monthly report: the month's complaints referred to Legal &
 * Governance, decided by their deadline or not, extended, by outcome, still under review; kept out
 * of the stages' timeliness (a review is not a stage's answer).
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const DEADLINE = '2026-06-09T22:59:59.999Z';
function reviewed(n: number, review: Partial<InformationReview> = {}): Case {
  const c = complaintReceived({ reference: `CC-2026-0080${n}`, at: '2026-05-12T09:00:00.000Z', on: '2026-05-12', channel: 'email', acknowledgeBy: '2026-05-21T22:59:59.999Z' });
  const informationReview: InformationReview = { request: 'foi', referredAt: '2026-05-12T12:00:00.000Z', referredBy: 'admin-manager', fromStage: null, deadline: DEADLINE, ...review };
  const closed: Partial<Case> = informationReview.outcome ? { status: 'closed', closure: 'information-review', closedAt: informationReview.outcome.decidedAt, nextDeadline: null } : { nextDeadline: DEADLINE };
  return { ...c, informationReview, ...closed };
}
const outcome = (decision: 'upheld' | 'partly-upheld' | 'not-upheld', decidedAt: string) => ({ decision, response: 'Looked again', decidedAt, decidedBy: 'legal-governance' });
const collate = (cases: Case[]) => collateMonth({ month: '2026-05', now: NOW, cases, open: OPEN_NOW, earlier: [], policy: defaultPolicy, calendar });

describe('information-request reviews in the monthly report', () => {
  const without = collate(MAY);

  it('counts none in a month without any, and says nothing of them', () => {
    expect(without.informationReviews).toEqual({ referred: 0, decided: 0, onTime: 0, extended: 0, upheld: 0, partlyUpheld: 0, notUpheld: 0, underReview: 0 });
    expect(monthlyDocument(without, enGB, defaultPolicy).sections.find((x) => x.id === 'received')!.paragraphs.join(' ')).not.toContain('information request');
  });

  it('counts each review by outcome and timeliness (on the deadline itself is on time), and keeps decided ones out of the stages', () => {
    const extension = { at: '2026-06-01T09:00:00.000Z', by: 'legal-governance', workingDays: 5, reason: 'Third party' };
    const cases = [
      // Referred at stage 1, which ended then: the review's outcome is not that stage's answer.
      {
        ...reviewed(1, { outcome: outcome('upheld', '2026-06-01T10:00:00.000Z'), fromStage: 1 }),
        stages: [{ number: 1, owner: 'operations-head', owners: ['operations-head'], startedAt: '2026-05-12T09:00:00.000Z', deadline: '2026-05-26T22:59:59.999Z', extendedBy: 0, endedAt: '2026-05-12T12:00:00.000Z', endedBy: 'information-review' as const }],
      },
      reviewed(2, { outcome: outcome('partly-upheld', DEADLINE) }),
      reviewed(3, { outcome: outcome('not-upheld', '2026-06-10T08:00:00.000Z'), extension }),
      reviewed(4, { outcome: outcome('not-upheld', '2026-06-02T08:00:00.000Z') }),
      reviewed(5),
    ];
    const report = collate([...MAY, ...cases]);
    expect(report.informationReviews).toEqual({ referred: 5, decided: 4, onTime: 3, extended: 1, upheld: 1, partlyUpheld: 1, notUpheld: 2, underReview: 1 });
    expect(report.closed).toEqual(without.closed);
    expect(report.received.complaints).toBe(without.received.complaints + 5);
    expect(MonthlyReportSchema.parse(report).informationReviews).toEqual(report.informationReviews);
    expect(monthlyDocument(report, enGB, defaultPolicy).sections.find((x) => x.id === 'received')!.paragraphs).toContain(
      'Complaints about how an information request was handled, referred to Legal & Governance for review: 5. Decided: 4, of which 3 by their deadline (after any extension); extended: 1; upheld 1, partly upheld 1, not upheld 2; still under review: 1. These reviews are not counted in the stages’ timeliness.'.replace('stages’', "stages'"),
    );
  });

  it('shows open complaints under review in a row of their own, not among those waiting for a stage, with those overdue', () => {
    const overdue = { ...reviewed(6), informationReview: { ...reviewed(6).informationReview!, deadline: '2026-05-29T22:59:59.999Z' }, nextDeadline: '2026-05-29T22:59:59.999Z' };
    const report = collateMonth({ month: '2026-05', now: NOW, cases: MAY, open: [...OPEN_NOW, reviewed(5), overdue], earlier: [], policy: defaultPolicy, calendar });
    expect(report.open.underReview).toEqual({ total: 2, overdue: 1 });
    expect(report.open.byStage).toEqual(without.open.byStage);
    expect(report.open.total).toBe(without.open.total + 2);
    expect(report.open.overdue).toBe(without.open.overdue + 1);
    expect(without.open.underReview).toEqual({ total: 0, overdue: 0 });
    const rows = (r: typeof report) => monthlyDocument(r, enGB, defaultPolicy).sections.find((x) => x.id === 'open')!.tables[0]!.rows;
    expect(rows(report).find((row) => row.header === 'Under an information-request review (Legal & Governance)')?.cells).toEqual([2, 1]);
    expect(rows(without).map((row) => row.header)).not.toContain('Under an information-request review (Legal & Governance)');
    expect(MonthlyReportSchema.parse(report).open.underReview).toEqual({ total: 2, overdue: 1 });
  });

  it('reads a report stored before reviews were counted', () => {
    const { informationReviews: _r, ...older } = without;
    expect(MonthlyReportSchema.parse(older).informationReviews).toBeUndefined();
    const { underReview: _u, ...olderOpen } = without.open;
    expect(MonthlyReportSchema.parse({ ...older, open: olderOpen }).open.underReview).toBeUndefined();
  });
});
