import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../../functions/domain/calendar';
import type { Case } from '../../../functions/domain/case';
import { defaultPolicy } from '../../../functions/domain/policy';
import { collateYear } from '../../../functions/domain/reports/annual';
import { collateMonth, MonthlyReportSchema } from '../../../functions/domain/reports/monthly';
import { monthlyDocument } from '../../../functions/reports/monthly-view';
import { complaintReceived } from '../../support/report-mothers';
import { enGB } from '../../support/texts';
import { MAY, NOW, OPEN_NOW } from './may-2026';

/**
 * Consultation comments in the monthly report (service order section 2): counted as received and by
 * the Administration Manager's decision; only those entered count as complaints or compliments.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const decidedAt = '2026-05-20T10:00:00.000Z';
function comment(n: number, entered?: boolean, kind: Case['kind'] = 'complaint'): Case {
  const c = complaintReceived({ reference: `CC-2026-0090${n}`, at: '2026-05-12T09:00:00.000Z', on: '2026-05-12', channel: 'consultation', acknowledgeBy: '2026-05-21T22:59:59.999Z' });
  const decision = entered === undefined ? {} : { decision: { entered, decidedAt, decidedBy: 'admin-manager', ...(entered ? {} : { reason: 'Not a complaint' }) } };
  const closed: Partial<Case> = entered === false ? { status: 'closed', closure: 'not-entered', closedAt: decidedAt, nextDeadline: null } : {};
  return { ...c, kind, consultation: { consultationType: 'Service Improvement Plan', ...decision }, ...closed };
}
const collate = (cases: Case[], open: Case[] = OPEN_NOW) => collateMonth({ month: '2026-05', now: NOW, cases, open, earlier: [], policy: defaultPolicy, calendar });

describe('consultation comments in the monthly report', () => {
  const without = collate(MAY);

  it('counts none in a month without any', () => {
    expect(without.consultation).toEqual({ received: 0, entered: 0, notEntered: 0, awaiting: 0 });
  });

  it('counts each comment received, by decision, and only the entered ones as complaints or compliments', () => {
    const comments = [comment(1, true), comment(2, true, 'compliment'), comment(3, false), comment(4), comment(5, false, 'compliment')];
    const open = [...OPEN_NOW, comment(1, true), comment(4)];
    const report = collate([...MAY, ...comments], open);
    expect(report.consultation).toEqual({ received: 5, entered: 2, notEntered: 2, awaiting: 1 });
    expect(report.received.complaints).toBe(without.received.complaints + 1);
    expect(report.received.compliments).toBe(without.received.compliments + 1);
    expect(report.received.byChannel.find((r) => r.key === 'consultation')).toMatchObject({ complaints: 1, compliments: 1 });
    // Open now: the entered comment, not the one still awaiting the decision.
    expect(report.open.total).toBe(without.open.total + 1);
    // Closed: the not-entered comments are no complaints closed.
    expect(report.closed.total).toBe(without.closed.total);
    expect(MonthlyReportSchema.parse(report).consultation).toEqual(report.consultation);
  });

  it('reads a report stored before consultation comments were counted, and says nothing of them', () => {
    const { consultation: _c, ...older } = without;
    expect(MonthlyReportSchema.safeParse(older).success).toBe(true);
    const receivedSection = monthlyDocument(older, enGB, defaultPolicy).sections.find((x) => x.id === 'received')!;
    expect(receivedSection.paragraphs).toEqual([]);
  });

  it('says in the report how many were received, entered, kept out and still to decide', () => {
    const report = collate([...MAY, comment(1, true), comment(3, false), comment(4)]);
    const receivedSection = monthlyDocument(report, enGB, defaultPolicy).sections.find((x) => x.id === 'received')!;
    expect(receivedSection.paragraphs).toEqual([
      'Comments from public consultations forwarded by the Consultation and Partnership Officer: 3. The Administration Manager entered 1 in the procedure (counted above as complaints or compliments), kept 1 out, and has 1 still to decide.',
    ]);
  });
});

describe('consultation comments in the annual report', () => {
  it('counts only the entered ones as complaints or compliments', () => {
    const year = (cases: Case[]) => collateYear({ year: '2026-27', now: new Date('2027-04-02T06:00:00Z'), cases, months: [], policy: defaultPolicy, calendar });
    const without = year(MAY);
    const withComments = year([...MAY, comment(1, true), comment(2, true, 'compliment'), comment(3, false), comment(4)]);
    expect(withComments.received.complaints).toBe(Number(without.received.complaints) + 1);
    expect(withComments.received.compliments).toBe(Number(without.received.compliments) + 1);
  });
});
