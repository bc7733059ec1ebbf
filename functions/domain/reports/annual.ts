import type { WorkingDayCalendar } from '../calendar';
import type { Case } from '../case';
import type { Policy } from '../policy';
import type { AnnualMonth, AnnualReport } from './annual-types';
import * as cohort from './cohort';
import { shiftMonth } from './figures';
import type { MonthlyReport } from './monthly-schema';
import { publishable } from './publishable';
import { selfAssessment } from './self-assessment';
import { inProcedure } from '../consultation';

export * from './annual-types';

/**
 * The annual complaints performance and service improvement report for a financial year (April to
 * March), in the structure of part 8 of the Complaint Handling Code. Pure: the caller reads the
 * year's cases (the month-of-receipt index, twelve months) and the stored monthly reports.
 */

export interface AnnualReportInput {
  /** The financial year, "2026-27". */
  year: string;
  now: Date;
  /** Every case received April to March; others are ignored. */
  cases: readonly Case[];
  /** The stored monthly reports of April to March, in order, undefined where none. */
  months: readonly (MonthlyReport | undefined)[];
  policy: Policy;
  calendar: WorkingDayCalendar;
}

export interface AnnualReportOptions {
  /** Suppress counts from 1 to 4 (and what would reveal them) and leave out free text and references. */
  publishable?: boolean;
}

const FINANCIAL_YEAR = /^(\d{4})-(\d{2})$/;

/** The first and last dates of a financial year written "2026-27"; RangeError for anything else. */
export function financialYear(year: string): { from: string; to: string; firstMonth: string } {
  const m = FINANCIAL_YEAR.exec(year);
  const start = Number(m?.[1]);
  if (!m || (start + 1) % 100 !== Number(m[2])) throw new RangeError(`Expected a financial year such as "2026-27", got "${year}"`);
  return { from: `${m[1]}-04-01`, to: `${start + 1}-03-31`, firstMonth: `${m[1]}-04` };
}

export function collateYear(input: AnnualReportInput, options: AnnualReportOptions = {}): AnnualReport {
  const { now, policy, calendar } = input;
  const period = financialYear(input.year);
  // A consultation comment is a complaint or compliment only once the Administration Manager enters it.
  const cases = input.cases.filter((c) => c.receivedOn >= period.from && c.receivedOn <= period.to && inProcedure(c));
  const stored = new Map<string, MonthlyReport>();
  for (const r of input.months) if (r) stored.set(r.month, r);
  const months: AnnualMonth[] = Array.from({ length: 12 }, (_, i) => {
    const month = shiftMonth(period.firstMonth, i);
    const r = stored.get(month);
    return r
      ? {
          month,
          data: true,
          complaints: r.received.complaints,
          compliments: r.received.compliments,
          closed: r.closed.total,
          closedWithinDeadline: r.closed.withinDeadline,
          percentClosedWithinDeadline: r.closed.percentWithinDeadline,
        }
      : { month, data: false };
  });

  const received = cohort.received(cases, policy);
  const extensions = cohort.extensions(cases, policy);
  const lessons = cohort.lessons(cases);
  const figures = {
    received,
    acknowledgements: cohort.acknowledgements(cases, policy, now),
    closed: cohort.closed(cases, policy, calendar),
    outcomes: cohort.outcomes(cases, policy),
    extensions,
    timeToClose: cohort.timeToClose(cases, calendar),
    ombudsman: cohort.ombudsman(cases),
    lessons,
  };
  const report: AnnualReport = {
    year: input.year,
    generatedAt: now.toISOString(),
    publishable: false,
    period: { from: period.from, to: period.to },
    selfAssessment: selfAssessment({ ...figures, cases, policy, monthsStored: months.filter((m) => m.data).length }),
    received: {
      complaints: received.complaints,
      compliments: received.compliments,
      byChannel: received.byChannel.map(({ lastYear: _, ...row }) => row),
      byFunction: received.byFunction.map(({ lastYear: _, ...row }) => row),
      byCategory: received.byCategory.map(({ lastYear: _, ...row }) => row),
    },
    acknowledgements: figures.acknowledgements,
    closed: figures.closed,
    outcomes: figures.outcomes,
    extensions: {
      maxWorkingDays: extensions.maxWorkingDays,
      stagesExtended: extensions.stagesExtended,
      workingDays: extensions.workingDays,
      withReason: extensions.list.filter((e) => e.reason !== null).length,
      withoutReason: extensions.list.filter((e) => e.reason === null).length,
    },
    timeToClose: figures.timeToClose,
    refused: { recorded: false, count: 0 },
    ombudsman: figures.ombudsman,
    improvements: { recorded: lessons.length, lessons },
    months,
  };
  return options.publishable ? publishable(report) : report;
}
