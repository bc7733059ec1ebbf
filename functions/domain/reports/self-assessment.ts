import type { Case } from '../case';
import type { Policy } from '../policy';
import type { Compliance, Provision } from './annual-types';
import { percent } from './figures';
import type { Lesson, MonthlyReport } from './monthly-schema';

/**
 * The self-assessment against the Complaint Handling Code (Local Government and Social Care
 * Ombudsman, 2024; applied to fire authorities from 1 April 2026), one entry per provision the
 * system's data can speak to. The Code's numbers are constants here; the service's come from its
 * policy, never from the default policy's values. The words are in the locale
 * (report.annual.provisions.<id>); this module only decides and counts.
 */

export const CODE = {
  acknowledgeWithinWorkingDays: 5,
  stages: 2,
  stage1ResponseWorkingDays: 10,
  stage1ExtensionWorkingDays: 10,
  stage2ResponseWorkingDays: 20,
  stage2ExtensionWorkingDays: 20,
} as const;


export interface SelfAssessmentInput {
  cases: readonly Case[];
  policy: Policy;
  acknowledgements: MonthlyReport['acknowledgements'];
  closed: MonthlyReport['closed'];
  extensions: MonthlyReport['extensions'];
  outcomes: MonthlyReport['outcomes'];
  lessons: readonly Lesson[];
  /** Months of the year with a stored monthly report. */
  monthsStored: number;
}

/** 'yes' when every case met it (or none was due), 'partly' when some did not. */
const byPerformance = (percentage: number | null): Compliance => (percentage === null || percentage === 100 ? 'yes' : 'partly');

export function selfAssessment(input: SelfAssessmentInput): Provision[] {
  const { policy, acknowledgements: ack, closed, extensions, outcomes } = input;
  const complaints = input.cases.filter((c) => c.kind === 'complaint');
  // The policy has at least one stage, and closed.byStage one row per stage.
  const [first, ...later] = closed.byStage as [MonthlyReport['closed']['byStage'][number], ...MonthlyReport['closed']['byStage']];
  const laterDays = policy.stages.slice(1).reduce((n, s) => n + s.workingDays, 0);
  const laterClosed = later.reduce((n, s) => n + s.closed, 0);
  const laterWithin = later.reduce((n, s) => n + s.withinDeadline, 0);
  const secondOwner = policy.stages[1]?.owner;
  // A later stage owned by someone who owned an earlier one of the same case.
  const sameOwner = complaints.filter((c) => c.stages.some((s) => s.owners.some((o) => c.stages.some((e) => e.number < s.number && e.owners.includes(o))))).length;
  const longExtensions = complaints.reduce((n, c) => n + c.stages.filter((s) => s.extendedBy > (s.number === 1 ? CODE.stage1ExtensionWorkingDays : CODE.stage2ExtensionWorkingDays)).length, 0);
  const withoutReason = extensions.list.filter((e) => e.reason === null).length;
  const needingLessons = outcomes.upheld + outcomes.partlyUpheld;
  const lessonsOnUpheld = input.lessons.filter((l) => l.decision !== 'not-upheld').length;

  return [
    {
      id: 'acknowledge',
      code: '6.2',
      differs: policy.acknowledgeWithinWorkingDays !== CODE.acknowledgeWithinWorkingDays,
      complies: policy.acknowledgeWithinWorkingDays > CODE.acknowledgeWithinWorkingDays ? 'no' : byPerformance(ack.percentOnTime),
      figures: { policy: policy.acknowledgeWithinWorkingDays, code: CODE.acknowledgeWithinWorkingDays },
      evidence: { onTime: ack.onTime, due: ack.onTime + ack.late + ack.unacknowledgedOverdue, percent: ack.percentOnTime },
    },
    {
      id: 'stage-1-response',
      code: '6.3',
      // The policy counts from receipt, the Code from acknowledgement: the same number is at least as strict.
      differs: policy.stages[0]!.workingDays !== CODE.stage1ResponseWorkingDays,
      complies: policy.stages[0]!.workingDays > CODE.stage1ResponseWorkingDays ? 'no' : byPerformance(first.percentWithinDeadline),
      figures: { policy: policy.stages[0]!.workingDays, code: CODE.stage1ResponseWorkingDays },
      evidence: { within: first.withinDeadline, closed: first.closed, percent: first.percentWithinDeadline },
    },
    {
      id: 'extension',
      code: '6.4',
      differs: policy.maxExtensionWorkingDays !== CODE.stage1ExtensionWorkingDays,
      complies: policy.maxExtensionWorkingDays > CODE.stage1ExtensionWorkingDays || longExtensions > 0 || withoutReason > 0 ? 'partly' : 'yes',
      figures: { policy: policy.maxExtensionWorkingDays, code: CODE.stage1ExtensionWorkingDays, codeStage2: CODE.stage2ExtensionWorkingDays },
      evidence: { stagesExtended: extensions.stagesExtended, longer: longExtensions, withoutReason },
    },
    {
      id: 'extension-ombudsman-details',
      code: '6.5',
      // The extension notice (customer-letters.ts, extensionNotice) gives the reason, the new date and the
      // Ombudsman's details, whatever the policy: a notice that was not sent is the `extension` entry's concern.
      differs: false,
      complies: 'yes',
      figures: {},
      evidence: { stagesExtended: extensions.stagesExtended },
    },
    {
      id: 'two-stages',
      code: '6',
      differs: policy.stages.length !== CODE.stages,
      complies: policy.stages.length === CODE.stages ? 'yes' : 'no',
      figures: { policy: policy.stages.length, code: CODE.stages },
      evidence: { escalated: complaints.filter((c) => c.stages.length > 1).length, complaints: complaints.length },
    },
    {
      id: 'stage-2-different-person',
      code: '6',
      differs: secondOwner === 'functional-head',
      complies: secondOwner === 'functional-head' ? 'no' : sameOwner > 0 ? 'partly' : 'yes',
      figures: {},
      evidence: { sameOwner, escalated: complaints.filter((c) => c.stages.length > 1).length },
    },
    {
      id: 'stage-2-response',
      code: '6',
      differs: laterDays !== CODE.stage2ResponseWorkingDays,
      complies: policy.stages.length < 2 ? 'no' : laterDays > CODE.stage2ResponseWorkingDays ? 'no' : byPerformance(percent(laterWithin, laterClosed)),
      figures: { policy: laterDays, code: CODE.stage2ResponseWorkingDays, stages: policy.stages.length - 1 },
      evidence: { within: laterWithin, closed: laterClosed, percent: percent(laterWithin, laterClosed) },
    },
    {
      id: 'refusals',
      code: '8',
      differs: false,
      complies: 'no',
      figures: {},
      evidence: {},
    },
    {
      id: 'learning',
      code: '8',
      differs: false,
      complies: needingLessons === 0 || lessonsOnUpheld >= needingLessons ? 'yes' : lessonsOnUpheld > 0 ? 'partly' : 'no',
      figures: {},
      evidence: { lessons: input.lessons.length, upheldWithLessons: lessonsOnUpheld, upheld: needingLessons },
    },
    {
      id: 'annual-report',
      code: '8',
      differs: false,
      complies: input.monthsStored === 12 ? 'yes' : 'partly',
      figures: { months: 12 },
      evidence: { monthsStored: input.monthsStored },
    },
  ];
}
