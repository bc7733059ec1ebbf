import type { WorkingDayCalendar } from '../calendar';
import type { Case } from '../case';
import { consultationState, inProcedure, type ConsultationState } from '../consultation';
import type { Policy } from '../policy';
import * as cohort from './cohort';
import { monthDates, shiftMonth } from './figures';
import type { Headline, MonthlyReport, TrendPoint } from './monthly-schema';

export { MonthlyReportSchema, type MonthlyReport } from './monthly-schema';

/**
 * Service order step 13: the month collated for the Strategic Support Manager. Pure: the caller
 * reads the month's cases (the month-of-receipt index), the open cases (the open-by-deadline
 * index) and the stored reports of the twelve months before, and stores what this returns.
 */

export interface MonthlyReportInput {
  /** 'YYYY-MM'. */
  month: string;
  /** When the report is made. */
  now: Date;
  /** Every case received in the month (read through the byMonthReceived index); others are ignored. */
  cases: readonly Case[];
  /** Every case open now (the openByDeadline index). */
  open: readonly Case[];
  /** The stored reports of the 12 previous months, oldest first, undefined where none. */
  earlier: readonly (MonthlyReport | undefined)[];
  policy: Policy;
  calendar: WorkingDayCalendar;
}

/** The months of the trend, ending with the report's own. */
export const TREND_MONTHS = 12;

export function collateMonth(input: MonthlyReportInput): MonthlyReport {
  const { month, now, policy, calendar } = input;
  const dates = monthDates(month); // RangeError unless YYYY-MM
  // The month of a case is its London date of receipt, whatever its UTC instant.
  const received = input.cases.filter((c) => c.receivedOn >= dates.from && c.receivedOn <= dates.to);
  // A consultation comment is a complaint or compliment only once the Administration Manager enters it.
  const cases = received.filter(inProcedure);
  const open = input.open.filter(inProcedure);
  const stored = new Map<string, MonthlyReport>();
  for (const r of input.earlier) if (r) stored.set(r.month, r);
  const yearEarlier = stored.get(shiftMonth(month, -12));

  const report: Omit<MonthlyReport, 'lastYear' | 'trend'> = {
    month,
    generatedAt: now.toISOString(),
    cohort: dates,
    received: cohort.received(cases, policy, yearEarlier?.received),
    acknowledgements: cohort.acknowledgements(cases, policy, now),
    closed: cohort.closed(cases, policy, calendar),
    extensions: cohort.extensions(cases, policy),
    outcomes: cohort.outcomes(cases, policy),
    open: cohort.open(open, dates.to, now, policy),
    ombudsman: cohort.ombudsman(cases),
    timeToClose: cohort.timeToClose(cases, calendar),
    lessons: cohort.lessons(cases),
    consultation: consultationComments(received),
    informationReviews: informationReviews(cases),
  };
  const trend: TrendPoint[] = [];
  for (let back = TREND_MONTHS - 1; back >= 1; back--) {
    const m = shiftMonth(month, -back);
    const r = stored.get(m);
    trend.push(r ? trendPoint(r) : { month: m, data: false });
  }
  trend.push(trendPoint(report));
  return { ...report, lastYear: yearEarlier ? { month: yearEarlier.month, ...headline(yearEarlier) } : null, trend };
}

/** The month's consultation comments, by the Administration Manager's decision. */
function consultationComments(cases: readonly Case[]): NonNullable<MonthlyReport['consultation']> {
  const states = cases.map(consultationState);
  const count = (state: ConsultationState) => states.filter((s) => s === state).length;
  return { received: states.filter((s) => s !== undefined).length, entered: count('entered'), notEntered: count('not-entered'), awaiting: count('awaiting') };
}

/**
 * The month's complaints referred to Legal & Governance for an information-request review: how many,
 * how many decided by their deadline (after any extension), extended, their outcomes, still under review.
 */
function informationReviews(cases: readonly Case[]): NonNullable<MonthlyReport['informationReviews']> {
  const reviews = cases.flatMap((c) => (c.informationReview ? [c.informationReview] : []));
  const decided = reviews.flatMap((r) => (r.outcome ? [{ ...r.outcome, deadline: r.deadline }] : []));
  const decidedAs = (decision: string) => decided.filter((o) => o.decision === decision).length;
  return {
    referred: reviews.length,
    decided: decided.length,
    onTime: decided.filter((o) => o.decidedAt <= o.deadline).length,
    extended: reviews.filter((r) => r.extension !== undefined).length,
    upheld: decidedAs('upheld'),
    partlyUpheld: decidedAs('partly-upheld'),
    notUpheld: decidedAs('not-upheld'),
    underReview: reviews.length - decided.length,
  };
}

type Figures = Pick<MonthlyReport, 'month' | 'received' | 'acknowledgements' | 'closed' | 'outcomes' | 'timeToClose'>;

/** The key figures of a month's report. */
export function headline(r: Figures): Headline {
  return {
    complaints: r.received.complaints,
    compliments: r.received.compliments,
    acknowledgedOnTimePercent: r.acknowledgements.percentOnTime,
    closed: r.closed.total,
    closedWithinDeadline: r.closed.withinDeadline,
    percentClosedWithinDeadline: r.closed.percentWithinDeadline,
    upheld: r.outcomes.upheld,
    partlyUpheld: r.outcomes.partlyUpheld,
    notUpheld: r.outcomes.notUpheld,
    averageWorkingDaysToClose: r.timeToClose.averageWorkingDays,
  };
}

function trendPoint(r: Figures): TrendPoint {
  return {
    month: r.month,
    data: true,
    complaints: r.received.complaints,
    compliments: r.received.compliments,
    closed: r.closed.total,
    closedWithinDeadline: r.closed.withinDeadline,
    percentClosedWithinDeadline: r.closed.percentWithinDeadline,
  };
}
