import * as z from '../zod';
import { CHANNELS } from '../case';

/**
 * The monthly report as stored and as scripts read it (JSON). The keys `month`, `received.complaints`,
 * `received.compliments`, `outcomes.upheld`, `outcomes.partlyUpheld`, `outcomes.notUpheld`,
 * `open.total` and `open.overdue` are a contract: never rename them. The type is inferred from the
 * schema, so a stored report read back through MonthlyReportSchema is exactly a MonthlyReport.
 *
 * Figures are for the month's cohort (cases whose London date of receipt, `receivedOn`, falls in
 * the month) as they stand at `generatedAt`, except `open`, which is every case open at
 * `generatedAt` that was received up to the end of the month.
 */

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = z.string().check(z.regex(MONTH, 'expected a month as YYYY-MM'));
const count = z.number().check(z.int(), z.gte(0));
/** A percentage to one decimal place; null when there is nothing to divide by. */
const percent = z.nullable(z.number().check(z.gte(0), z.lte(100)));
const instant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const decision = z.enum(['upheld', 'partly-upheld', 'not-upheld']);

const complaintsAndCompliments = z.object({ complaints: count, compliments: count });

/**
 * One row of a breakdown. `key` is the id (channel, function, category), or null for "not known"
 * (no function) or "not yet categorised" (no category). `name` is the policy's name for the id at
 * the time of the report, or null where the policy does not list it (then `listed` is false).
 * `lastYear` holds the same month a year earlier, or null where there is no stored report.
 */
const BreakdownRow = z.object({
  key: z.nullable(z.string()),
  name: z.nullable(z.string()),
  listed: z.boolean(),
  complaints: count,
  compliments: count,
  lastYear: z.nullable(complaintsAndCompliments),
});

const StageTimeliness = z.object({
  stage: z.number().check(z.int(), z.gte(1)),
  name: z.string(),
  /** The policy's working days for the stage. */
  targetWorkingDays: count,
  /** Complaints of the cohort closed at this stage (resolved, or referred on to the Ombudsman). */
  closed: count,
  resolved: count,
  ombudsmanReferral: count,
  /** Closed by the stage's deadline, extensions included, with an answer (a stage that ran out of time never is). */
  withinDeadline: count,
  /** Closed by the deadline the stage had before any extension: the policy's own timescale. */
  withinTimescale: count,
  percentWithinDeadline: percent,
  percentWithinTimescale: percent,
});

const Extension = z.object({
  reference: z.string(),
  stage: z.number().check(z.int(), z.gte(1)),
  workingDays: count,
  /** Staff-written; null for an extension recorded before reasons were kept on the case. */
  reason: z.nullable(z.string()),
  at: z.nullable(instant),
});

const Lesson = z.object({ reference: z.string(), stage: z.number().check(z.int(), z.gte(1)), decision, text: z.string() });

const OmbudsmanCase = z.object({
  reference: z.string(),
  ombudsmanReference: z.string(),
  enquiryReceivedOn: isoDate,
  findings: z.nullable(z.string()),
  recommendations: z.nullable(z.string()),
});

/** The key figures of a month, kept for the year-on-year comparison and the trend. */
export const Headline = z.object({
  complaints: count,
  compliments: count,
  acknowledgedOnTimePercent: percent,
  closed: count,
  closedWithinDeadline: count,
  percentClosedWithinDeadline: percent,
  upheld: count,
  partlyUpheld: count,
  notUpheld: count,
  averageWorkingDaysToClose: z.nullable(z.number().check(z.gte(0))),
});

const TrendPoint = z.discriminatedUnion('data', [
  z.object({
    month,
    data: z.literal(true),
    complaints: count,
    compliments: count,
    closed: count,
    closedWithinDeadline: count,
    percentClosedWithinDeadline: percent,
  }),
  /** No stored report for the month: no data, never zero. */
  z.object({ month, data: z.literal(false) }),
]);

export const MonthlyReportSchema = z.object({
  month,
  generatedAt: instant,
  /** The London dates of the month's first and last day: the cohort is every case received between them. */
  cohort: z.object({ from: isoDate, to: isoDate }),
  received: z.object({
    complaints: count,
    compliments: count,
    byChannel: z.array(z.extend(BreakdownRow, { key: z.enum(CHANNELS) })),
    byFunction: z.array(BreakdownRow),
    /** Complaints only: compliments are not categorised. */
    byCategory: z.array(BreakdownRow),
  }),
  /** Complaints only (a compliment gets thanks, not an acknowledgement timescale). */
  acknowledgements: z.object({
    targetWorkingDays: count,
    onTime: count,
    late: count,
    /** Not acknowledged and past the deadline. */
    unacknowledgedOverdue: count,
    /** Not acknowledged and still within the timescale. */
    pending: count,
    /** onTime out of those whose deadline has passed or that were acknowledged. */
    percentOnTime: percent,
  }),
  closed: z.object({
    total: count,
    withinDeadline: count,
    percentWithinDeadline: percent,
    byStage: z.array(StageTimeliness),
  }),
  extensions: z.object({
    maxWorkingDays: count,
    /** Stages extended (a case extended at two stages counts twice). */
    stagesExtended: count,
    workingDays: count,
    list: z.array(Extension),
  }),
  outcomes: z.object({
    upheld: count,
    partlyUpheld: count,
    notUpheld: count,
    withRemedy: count,
    byStage: z.array(z.object({ stage: z.number().check(z.int(), z.gte(1)), upheld: count, partlyUpheld: count, notUpheld: count })),
  }),
  open: z.object({
    total: count,
    overdue: count,
    complaints: count,
    compliments: count,
    /** stage null: not yet in a stage (awaiting acknowledgement or an owner). */
    byStage: z.array(z.object({ stage: z.nullable(z.number().check(z.int(), z.gte(1))), total: count, overdue: count })),
    /** Complaints under an information-request review (in no stage). Absent from reports stored before they were counted. */
    underReview: z.optional(z.object({ total: count, overdue: count })),
  }),
  ombudsman: z.object({
    /** Closed after the last stage, the customer told how to go to the Ombudsman. */
    referred: count,
    enquiries: count,
    withFindings: count,
    cases: z.array(OmbudsmanCase),
  }),
  timeToClose: z.object({
    closed: count,
    averageWorkingDays: z.nullable(z.number().check(z.gte(0))),
    percentile90WorkingDays: z.nullable(z.number().check(z.int(), z.gte(0))),
  }),
  lessons: z.array(Lesson),
  /**
   * Comments from public consultations forwarded in the month (service order section 2), by the
   * Administration Manager's decision. Only the entered ones are counted as complaints or compliments
   * above. Absent from reports stored before it was counted.
   */
  consultation: z.optional(z.object({ received: count, entered: count, notEntered: count, awaiting: count })),
  /**
   * The month's complaints referred to Legal & Governance for an information-request review: decided
   * by their deadline (after any extension), extended, outcomes, still under review. They are not in
   * the stages' timeliness above. Absent from reports stored before it was counted.
   */
  informationReviews: z.optional(
    z.object({ referred: count, decided: count, onTime: count, extended: count, upheld: count, partlyUpheld: count, notUpheld: count, underReview: count }),
  ),
  /** The same month a year earlier, from its stored report; null where none is stored. */
  lastYear: z.nullable(z.extend(Headline, { month })),
  /** Twelve months, oldest first, ending with this one. */
  trend: z.array(TrendPoint),
});

export type MonthlyReport = z.infer<typeof MonthlyReportSchema>;
export type BreakdownRow = z.infer<typeof BreakdownRow>;
export type StageTimeliness = z.infer<typeof StageTimeliness>;
export type Headline = z.infer<typeof Headline>;
export type TrendPoint = z.infer<typeof TrendPoint>;
export type Lesson = z.infer<typeof Lesson>;
export type Extension = z.infer<typeof Extension>;
export type OmbudsmanCase = z.infer<typeof OmbudsmanCase>;
