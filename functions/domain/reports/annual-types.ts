import type { BreakdownRow, Lesson, OmbudsmanCase } from './monthly-schema';

/**
 * The annual complaints performance and service improvement report, in the structure of part 8 of
 * the Local Government and Social Care Ombudsman's Complaint Handling Code: the self-assessment
 * against the Code, the analysis of performance, complaints refused, Ombudsman decisions and the
 * service improvements made from learning.
 *
 * In the publishable version every count from 1 to 4 (and every count or percentage from which one
 * could be worked out) is SUPPRESSED, so that no person can be singled out; 0 is shown, as it
 * describes nobody. Free text (lessons learned, extension reasons, the Ombudsman's findings) and
 * case references are left out of it.
 */

export const SUPPRESSED = 'suppressed' as const;
export type Suppressed = typeof SUPPRESSED;
export type Count = number | Suppressed;
/** A percentage to one decimal place; null when there is nothing to divide by. */
export type Percent = number | null | Suppressed;

export type Compliance = 'yes' | 'partly' | 'no';

export const PROVISIONS = [
  'acknowledge',
  'stage-1-response',
  'extension',
  'extension-ombudsman-details',
  'two-stages',
  'stage-2-different-person',
  'stage-2-response',
  'refusals',
  'learning',
  'annual-report',
] as const;
export type ProvisionId = (typeof PROVISIONS)[number];

/** One provision of the Code: what it requires, whether the service complies, and the evidence. */
export interface Provision {
  id: ProvisionId;
  /** The Code's paragraph, where it has one the report cites (e.g. "6.2"); else the part. */
  code: string;
  complies: Compliance;
  /** The service's own policy differs from the Code on this provision. */
  differs: boolean;
  /** The numbers the requirement and commentary are written with (the policy's and the Code's). */
  figures: Readonly<Record<string, number>>;
  /** The numbers from the year's cases that evidence it. */
  evidence: Readonly<Record<string, Count | Percent>>;
}

export interface AnnualRow extends Omit<BreakdownRow, 'complaints' | 'compliments' | 'lastYear'> {
  complaints: Count;
  compliments: Count;
}

export interface AnnualStage {
  stage: number;
  name: string;
  targetWorkingDays: number;
  closed: Count;
  resolved: Count;
  ombudsmanReferral: Count;
  withinDeadline: Count;
  withinTimescale: Count;
  percentWithinDeadline: Percent;
  percentWithinTimescale: Percent;
}

/** A month of the year, from its stored monthly report; `data: false` where none is stored (never zero). */
export type AnnualMonth =
  | {
      month: string;
      data: true;
      complaints: Count;
      compliments: Count;
      closed: Count;
      closedWithinDeadline: Count;
      percentClosedWithinDeadline: Percent;
    }
  | { month: string; data: false };

export interface AnnualReport {
  /** The financial year, "2026-27": 1 April 2026 to 31 March 2027. */
  year: string;
  generatedAt: string;
  publishable: boolean;
  period: { from: string; to: string };
  selfAssessment: Provision[];
  received: { complaints: Count; compliments: Count; byChannel: AnnualRow[]; byFunction: AnnualRow[]; byCategory: AnnualRow[] };
  acknowledgements: { targetWorkingDays: number; onTime: Count; late: Count; unacknowledgedOverdue: Count; pending: Count; percentOnTime: Percent };
  closed: { total: Count; withinDeadline: Count; percentWithinDeadline: Percent; byStage: AnnualStage[] };
  outcomes: {
    upheld: Count;
    partlyUpheld: Count;
    notUpheld: Count;
    withRemedy: Count;
    byStage: { stage: number; upheld: Count; partlyUpheld: Count; notUpheld: Count }[];
  };
  extensions: { maxWorkingDays: number; stagesExtended: Count; workingDays: Count; withReason: Count; withoutReason: Count };
  timeToClose: { closed: Count; averageWorkingDays: number | null | Suppressed; percentile90WorkingDays: number | null | Suppressed };
  /** The system cannot record a refusal yet: `recorded` is false and there is nothing to count. */
  refused: { recorded: false; count: 0 };
  ombudsman: { referred: Count; enquiries: Count; withFindings: Count; cases: OmbudsmanCase[] };
  /** Service improvements from the lessons learned (internal only: empty when publishable). */
  improvements: { recorded: Count; lessons: Lesson[] };
  /** April to March, from the stored monthly reports; months without one have no data. */
  months: AnnualMonth[];
}
