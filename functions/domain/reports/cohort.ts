import type { WorkingDayCalendar } from '../calendar';
import { CHANNELS, isUnderReview, type Case, type StageRecord } from '../case';
import type { Policy } from '../policy';
import { average, percent, percentile90 } from './figures';
import type { BreakdownRow, Extension, Lesson, MonthlyReport, OmbudsmanCase, StageTimeliness } from './monthly-schema';

/**
 * The figures of a cohort of cases (a month's, or a year's), as they stand at `now`. Shared by the
 * monthly and the annual report. Pure.
 */

type Counts = { complaints: number; compliments: number };

const complaintsOf = (cases: readonly Case[]) => cases.filter((c) => c.kind === 'complaint');

function countKinds(cases: readonly Case[]): Counts {
  const complaints = complaintsOf(cases).length;
  return { complaints, compliments: cases.length - complaints };
}

/**
 * Rows for every id the policy lists (in its order, zeros included), then every other id the cases
 * carry (the policy no longer lists it), then the cases with none (key null), if any.
 */
function breakdown(
  cases: readonly Case[],
  listed: readonly { id: string; name: string }[],
  keyOf: (c: Case) => string | undefined,
  lastYear: readonly BreakdownRow[] | undefined,
): BreakdownRow[] {
  const groups = new Map<string | null, Case[]>(listed.map((l) => [l.id, []]));
  for (const c of cases) {
    const key = keyOf(c) ?? null;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const names = new Map(listed.map((l) => [l.id, l.name]));
  const keys = [...groups.keys()];
  const ordered = [...keys.filter((k) => k !== null), ...keys.filter((k) => k === null)];
  return ordered.map((key) => {
    const before = lastYear?.find((r) => r.key === key);
    return {
      key,
      name: key === null ? null : (names.get(key) ?? null),
      listed: key === null || names.has(key),
      ...countKinds(groups.get(key)!),
      lastYear: lastYear ? { complaints: before?.complaints ?? 0, compliments: before?.compliments ?? 0 } : null,
    };
  });
}

export function received(cases: readonly Case[], policy: Policy, lastYear?: MonthlyReport['received']): MonthlyReport['received'] {
  const channels = CHANNELS.map((id) => ({ id, name: id }));
  return {
    ...countKinds(cases),
    byChannel: breakdown(cases, channels, (c) => c.channel, lastYear?.byChannel).map((r) => ({ ...r, key: r.key as Case['channel'] })),
    byFunction: breakdown(cases, policy.functions, (c) => c.function, lastYear?.byFunction),
    byCategory: breakdown(complaintsOf(cases), policy.complaintCategories, (c) => c.category, lastYear?.byCategory),
  };
}

const after = (a: string, b: string) => new Date(a).getTime() > new Date(b).getTime();

export function acknowledgements(cases: readonly Case[], policy: Policy, now: Date): MonthlyReport['acknowledgements'] {
  let onTime = 0;
  let late = 0;
  let unacknowledgedOverdue = 0;
  let pending = 0;
  for (const c of complaintsOf(cases)) {
    if (c.acknowledgedAt !== undefined) {
      if (after(c.acknowledgedAt, c.acknowledgeBy)) late++;
      else onTime++;
    } else if (now.getTime() > new Date(c.acknowledgeBy).getTime()) unacknowledgedOverdue++;
    else pending++;
  }
  return {
    targetWorkingDays: policy.acknowledgeWithinWorkingDays,
    onTime,
    late,
    unacknowledgedOverdue,
    pending,
    percentOnTime: percent(onTime, onTime + late + unacknowledgedOverdue),
  };
}

/** The stage a closed complaint closed at: its outcome's, else its last stage's (closed after the last stage). */
function closingStage(c: Case): StageRecord | undefined {
  const number = c.outcome?.stage ?? c.stages.at(-1)?.number;
  return c.stages.find((s) => s.number === number);
}

const closedComplaints = (cases: readonly Case[]) => complaintsOf(cases).filter((c) => c.status === 'closed' && c.closedAt !== undefined);

/** The stage's deadline before any extension: the one it was given, or else the policy's days from its start. */
function unextendedDeadline(stage: StageRecord, workingDays: number, calendar: WorkingDayCalendar): string {
  if (stage.extendedBy === 0) return stage.deadline;
  return calendar.deadline(new Date(stage.startedAt), workingDays).toISOString();
}

export function closed(cases: readonly Case[], policy: Policy, calendar: WorkingDayCalendar): MonthlyReport['closed'] {
  const byStage: StageTimeliness[] = policy.stages.map((s, i) => ({
    stage: i + 1,
    name: s.name,
    targetWorkingDays: s.workingDays,
    closed: 0,
    resolved: 0,
    ombudsmanReferral: 0,
    withinDeadline: 0,
    withinTimescale: 0,
    percentWithinDeadline: null,
    percentWithinTimescale: null,
  }));
  for (const c of closedComplaints(cases)) {
    // Closed by an information-request review: counted with the reviews (monthly.ts), not as a stage's answer.
    if (c.closure === 'information-review') continue;
    const stage = closingStage(c);
    const row = stage && byStage[stage.number - 1];
    if (!stage || !row) continue;
    row.closed++;
    if (c.closure === 'ombudsman-referral') row.ombudsmanReferral++;
    else row.resolved++;
    // A stage that ran out of time closed the case at its deadline, but without an answer in time.
    if (stage.endedBy === 'deadline') continue;
    if (!after(c.closedAt!, stage.deadline)) row.withinDeadline++;
    if (!after(c.closedAt!, unextendedDeadline(stage, row.targetWorkingDays, calendar))) row.withinTimescale++;
  }
  for (const row of byStage) {
    row.percentWithinDeadline = percent(row.withinDeadline, row.closed);
    row.percentWithinTimescale = percent(row.withinTimescale, row.closed);
  }
  const total = byStage.reduce((n, r) => n + r.closed, 0);
  const withinDeadline = byStage.reduce((n, r) => n + r.withinDeadline, 0);
  return { total, withinDeadline, percentWithinDeadline: percent(withinDeadline, total), byStage };
}

export function extensions(cases: readonly Case[], policy: Policy): MonthlyReport['extensions'] {
  const list: Extension[] = [];
  let stagesExtended = 0;
  let workingDays = 0;
  for (const c of complaintsOf(cases)) {
    for (const s of c.stages) {
      if (s.extendedBy === 0) continue;
      stagesExtended++;
      workingDays += s.extendedBy;
      const recorded = s.extensions ?? [];
      const unrecorded = s.extendedBy - recorded.reduce((n, e) => n + e.workingDays, 0);
      if (unrecorded > 0) list.push({ reference: c.reference, stage: s.number, workingDays: unrecorded, reason: null, at: null });
      for (const e of recorded) list.push({ reference: c.reference, stage: s.number, workingDays: e.workingDays, reason: e.reason, at: e.at });
    }
  }
  return { maxWorkingDays: policy.maxExtensionWorkingDays, stagesExtended, workingDays, list };
}

export function outcomes(cases: readonly Case[], policy: Policy): MonthlyReport['outcomes'] {
  const byStage = policy.stages.map((_, i) => ({ stage: i + 1, upheld: 0, partlyUpheld: 0, notUpheld: 0 }));
  const all = { upheld: 0, partlyUpheld: 0, notUpheld: 0 };
  let withRemedy = 0;
  const field = { upheld: 'upheld', 'partly-upheld': 'partlyUpheld', 'not-upheld': 'notUpheld' } as const;
  for (const c of complaintsOf(cases)) {
    if (!c.outcome) continue;
    const key = field[c.outcome.decision];
    all[key]++;
    const row = byStage[c.outcome.stage - 1];
    if (row) row[key]++;
    // A remedy is never blank when recorded; once the case is anonymised its text is empty, and it still counts.
    if (c.outcome.remedy !== undefined) withRemedy++;
  }
  return { ...all, withRemedy, byStage };
}

/** Every case open at `now` that was received on or before `lastDay`; overdue when its next deadline has passed. */
export function open(openCases: readonly Case[], lastDay: string, now: Date, policy: Policy): MonthlyReport['open'] {
  const cases = openCases.filter((c) => c.status === 'open' && c.receivedOn <= lastDay);
  const overdue = (c: Case) => c.nextDeadline !== null && now.getTime() > new Date(c.nextDeadline).getTime();
  const stages: (number | null)[] = [null, ...policy.stages.map((_, i) => i + 1)];
  // A complaint under Legal & Governance's review is in no stage, and not waiting for one either.
  const reviewed = cases.filter(isUnderReview);
  const byStage = stages.map((stage) => {
    const here = cases.filter((c) => c.stage === stage && !isUnderReview(c));
    return { stage, total: here.length, overdue: here.filter(overdue).length };
  });
  return {
    total: cases.length,
    overdue: cases.filter(overdue).length,
    ...countKinds(cases),
    byStage,
    underReview: { total: reviewed.length, overdue: reviewed.filter(overdue).length },
  };
}

export function ombudsman(cases: readonly Case[]): MonthlyReport['ombudsman'] {
  const complaints = complaintsOf(cases);
  const list: OmbudsmanCase[] = complaints.flatMap((c) =>
    c.ombudsman
      ? [
          {
            reference: c.reference,
            ombudsmanReference: c.ombudsman.ombudsmanReference,
            enquiryReceivedOn: c.ombudsman.enquiryReceivedOn,
            findings: c.ombudsman.findings ?? null,
            recommendations: c.ombudsman.recommendations ?? null,
          },
        ]
      : [],
  );
  return {
    referred: complaints.filter((c) => c.closure === 'ombudsman-referral').length,
    enquiries: list.length,
    withFindings: list.filter((o) => o.findings !== null).length,
    cases: list,
  };
}

/** Working days from receipt to closure, counted as deadlines are (the day of receipt is not counted). */
export function timeToClose(cases: readonly Case[], calendar: WorkingDayCalendar): MonthlyReport['timeToClose'] {
  const days = closedComplaints(cases).map((c) => calendar.workingDaysBetween(new Date(c.receivedAt), new Date(c.closedAt!)));
  return { closed: days.length, averageWorkingDays: average(days), percentile90WorkingDays: percentile90(days) };
}

export function lessons(cases: readonly Case[]): Lesson[] {
  return complaintsOf(cases).flatMap((c) =>
    c.outcome?.lessonsLearned ? [{ reference: c.reference, stage: c.outcome.stage, decision: c.outcome.decision, text: c.outcome.lessonsLearned }] : [],
  );
}
