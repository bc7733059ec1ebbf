import type { AnnualReport, AnnualRow, Count, Percent, Provision } from './annual-types';
import { SUPPRESSED } from './annual-types';

/**
 * The publishable annual report: no count from 1 to 4 (ICO: small counts in published figures can
 * single people out), nor any figure from which one could be worked out (a part whose remainder is
 * small, a percentage of such, the only hidden cell of a column whose total is shown), and no free
 * text or case reference. 0 describes nobody and is shown.
 */

const small = (n: Count): boolean => typeof n === 'number' && n >= 1 && n <= 4;
const num = (n: Count | Percent): number => (typeof n === 'number' ? n : 0);

export function count(n: Count): Count {
  return small(n) ? SUPPRESSED : n;
}

/** A part of a published whole: hidden when it or what is left of the whole is small. */
export function part(p: Count, whole: Count): Count {
  if (p === SUPPRESSED || whole === SUPPRESSED) return SUPPRESSED;
  return small(p) || small(whole - p) ? SUPPRESSED : p;
}

/** A percentage of `p` out of `whole`: hidden whenever the part is. */
export function share(value: Percent, p: Count, whole: Count): Percent {
  if (value === null) return null;
  return small(whole) || part(p, whole) === SUPPRESSED ? SUPPRESSED : value;
}

/**
 * Cells whose columns (and rows, if their totals are shown) add up to published totals: each small
 * cell is hidden, then, while a line has exactly one hidden cell, its smallest non-zero shown cell
 * is hidden too, so that no hidden cell can be worked out by subtraction.
 */
export function protect(cells: readonly (readonly Count[])[], rows = false): Count[][] {
  const out: Count[][] = cells.map((row) => row.map(count));
  const lines: [number, number][][] = [];
  const width = cells[0]?.length ?? 0;
  for (let col = 0; col < width; col++) lines.push(cells.map((_, row) => [row, col]));
  if (rows) cells.forEach((row, r) => lines.push(row.map((_, col) => [r, col])));
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter(([r, c]) => out[r]![c] === SUPPRESSED).length !== 1) continue;
      const shown = line.filter(([r, c]) => num(out[r]![c]!) > 0).sort(([r1, c1], [r2, c2]) => num(out[r1]![c1]!) - num(out[r2]![c2]!));
      const next = shown[0];
      if (!next) continue;
      out[next[0]]![next[1]] = SUPPRESSED;
      changed = true;
    }
  }
  return out;
}

function rows(list: readonly AnnualRow[]): AnnualRow[] {
  const cells = protect(list.map((r) => [r.complaints, r.compliments]));
  return list.map((r, i) => ({ ...r, complaints: cells[i]![0]!, compliments: cells[i]![1]! }));
}

/** Pairs of evidence (part, whole) that the self-assessment reports, with the percentage of them if any. */
const EVIDENCE_PAIRS = [
  ['onTime', 'due'],
  ['within', 'closed'],
  ['upheldWithLessons', 'upheld'],
  ['sameOwner', 'escalated'],
  ['escalated', 'complaints'],
] as const;

function evidence(p: Provision): Provision {
  const e: Record<string, Count | Percent> = {};
  for (const [key, value] of Object.entries(p.evidence)) e[key] = key === 'percent' ? value : count(value as Count);
  for (const [partKey, wholeKey] of EVIDENCE_PAIRS) {
    const pv = p.evidence[partKey];
    const wv = p.evidence[wholeKey];
    if (pv === undefined || wv === undefined || pv === null || wv === null) continue;
    e[partKey] = part(pv, wv);
    if ('percent' in e) e.percent = share(p.evidence.percent!, pv, wv);
  }
  return { ...p, evidence: e };
}

export function publishable(r: AnnualReport): AnnualReport {
  const ack = r.acknowledgements;
  const [onTime, late, overdue, pending] = protect([[ack.onTime], [ack.late], [ack.unacknowledgedOverdue], [ack.pending]]).map((x) => x[0]!);
  const due = num(ack.onTime) + num(ack.late) + num(ack.unacknowledgedOverdue);
  const stageClosed = protect(r.closed.byStage.map((s) => [s.closed])).map((x) => x[0]!);
  const decisions = protect(r.outcomes.byStage.map((s) => [s.upheld, s.partlyUpheld, s.notUpheld]));
  const [upheld, partlyUpheld, notUpheld] = protect([[r.outcomes.upheld, r.outcomes.partlyUpheld, r.outcomes.notUpheld]], true)[0]!;
  const decided = num(r.outcomes.upheld) + num(r.outcomes.partlyUpheld) + num(r.outcomes.notUpheld);
  const [withReason, withoutReason] = protect([[r.extensions.withReason], [r.extensions.withoutReason]]).map((x) => x[0]!);
  const stagesExtended = count(r.extensions.stagesExtended);
  const fewClosed = small(r.timeToClose.closed);
  const monthCells = protect(r.months.map((m) => (m.data ? [m.complaints, m.compliments] : [0, 0])));
  return {
    ...r,
    publishable: true,
    selfAssessment: r.selfAssessment.map(evidence),
    received: {
      complaints: count(r.received.complaints),
      compliments: count(r.received.compliments),
      byChannel: rows(r.received.byChannel),
      byFunction: rows(r.received.byFunction),
      byCategory: rows(r.received.byCategory),
    },
    acknowledgements: {
      ...ack,
      onTime: onTime!,
      late: late!,
      unacknowledgedOverdue: overdue!,
      pending: pending!,
      percentOnTime: onTime === SUPPRESSED ? (ack.percentOnTime === null ? null : SUPPRESSED) : share(ack.percentOnTime, ack.onTime, due),
    },
    closed: {
      total: count(r.closed.total),
      withinDeadline: part(r.closed.withinDeadline, r.closed.total),
      percentWithinDeadline: share(r.closed.percentWithinDeadline, r.closed.withinDeadline, r.closed.total),
      byStage: r.closed.byStage.map((s, i) => ({
        ...s,
        closed: stageClosed[i]!,
        resolved: part(s.resolved, stageClosed[i]!),
        ombudsmanReferral: part(s.ombudsmanReferral, stageClosed[i]!),
        withinDeadline: part(s.withinDeadline, stageClosed[i]!),
        withinTimescale: part(s.withinTimescale, stageClosed[i]!),
        percentWithinDeadline: share(s.percentWithinDeadline, s.withinDeadline, stageClosed[i]!),
        percentWithinTimescale: share(s.percentWithinTimescale, s.withinTimescale, stageClosed[i]!),
      })),
    },
    outcomes: {
      upheld: upheld!,
      partlyUpheld: partlyUpheld!,
      notUpheld: notUpheld!,
      withRemedy: part(r.outcomes.withRemedy, decided),
      byStage: r.outcomes.byStage.map((s, i) => ({ stage: s.stage, upheld: decisions[i]![0]!, partlyUpheld: decisions[i]![1]!, notUpheld: decisions[i]![2]! })),
    },
    extensions: {
      maxWorkingDays: r.extensions.maxWorkingDays,
      stagesExtended,
      workingDays: stagesExtended === SUPPRESSED ? SUPPRESSED : r.extensions.workingDays,
      withReason: withReason!,
      withoutReason: withoutReason!,
    },
    timeToClose: {
      closed: count(r.timeToClose.closed),
      averageWorkingDays: fewClosed ? SUPPRESSED : r.timeToClose.averageWorkingDays,
      percentile90WorkingDays: fewClosed ? SUPPRESSED : r.timeToClose.percentile90WorkingDays,
    },
    ombudsman: {
      referred: count(r.ombudsman.referred),
      enquiries: count(r.ombudsman.enquiries),
      withFindings: part(r.ombudsman.withFindings, r.ombudsman.enquiries),
      cases: [],
    },
    improvements: { recorded: count(r.improvements.recorded), lessons: [] },
    months: r.months.map((m, i) =>
      m.data
        ? {
            ...m,
            complaints: monthCells[i]![0]!,
            compliments: monthCells[i]![1]!,
            closed: count(m.closed),
            closedWithinDeadline: part(m.closedWithinDeadline, m.closed),
            percentClosedWithinDeadline: share(m.percentClosedWithinDeadline, m.closedWithinDeadline, m.closed),
          }
        : m,
    ),
  };
}
