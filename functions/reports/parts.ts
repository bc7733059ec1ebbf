import { SUPPRESSED, type AnnualReport, type AnnualStage, type Count, type Percent } from '../domain/reports/annual-types';
import { formatValue, monthInWords, value, type Chart, type Column, type Say, type Table, type Value } from './document';
import { barChart, columnChart } from './svg';

/**
 * The pieces the monthly and the annual report share: breakdowns, timeliness against target, the
 * outcomes, and months over time, each a chart with its table or a table alone.
 */

const num = (v: Count | Percent | null): number | null => (typeof v === 'number' ? v : null);

export interface BreakdownLike {
  key: string | null;
  name: string | null;
  listed: boolean;
  complaints: Count;
  compliments: Count;
  lastYear?: { complaints: number; compliments: number } | null;
}

/** The row's label: the policy's name, "not known" (no value), or the id the policy no longer lists. */
export function rowLabel(row: BreakdownLike, say: Say, none: string, names?: (key: string) => string): string {
  if (row.key === null) return say(none);
  if (names) return names(row.key);
  return row.name ?? say('common.unlisted', { id: row.key });
}

/** A breakdown's table: complaints and compliments (or complaints only), and a year earlier if given. */
export function breakdownTable(caption: string, first: string, rows: readonly BreakdownLike[], label: (r: BreakdownLike) => string, say: Say, options: { compliments: boolean }): Table {
  const lastYear = rows.some((r) => r.lastYear);
  const columns: Column[] = [{ label: first, kind: 'text' }, { label: say('common.complaints'), kind: 'count' }];
  if (options.compliments) columns.push({ label: say('common.compliments'), kind: 'count' });
  if (lastYear) {
    columns.push({ label: say('common.complaintsLastYear'), kind: 'count' });
    if (options.compliments) columns.push({ label: say('common.complimentsLastYear'), kind: 'count' });
  }
  return {
    caption,
    columns,
    rows: rows.map((r) => {
      const cells: Value[] = [value(r.complaints)];
      if (options.compliments) cells.push(value(r.compliments));
      if (lastYear) {
        cells.push(r.lastYear?.complaints ?? null);
        if (options.compliments) cells.push(r.lastYear?.compliments ?? null);
      }
      return { header: label(r), cells };
    }),
  };
}

/** A breakdown drawn as bars (complaints, and compliments if asked), with its table. */
export function breakdownChart(id: string, title: string, description: string, first: string, rows: readonly BreakdownLike[], label: (r: BreakdownLike) => string, say: Say, options: { compliments: boolean }): Chart {
  const series = [{ label: say('common.complaints') }, ...(options.compliments ? [{ label: say('common.compliments') }] : [])];
  const groups = rows.map((r) => ({ label: label(r), values: [num(r.complaints), ...(options.compliments ? [num(r.compliments)] : [])] }));
  return {
    svg: barChart({ id, title, description, noData: say('common.suppressedShort'), format: (n) => String(n) }, series, groups),
    table: breakdownTable(title, first, rows, label, say, options),
  };
}

export interface TimelinessRow {
  label: string;
  targetWorkingDays: number;
  due: Count;
  withinDeadline: Count;
  percentWithinDeadline: Percent;
  withinTimescale: Count;
  percentWithinTimescale: Percent;
}

/** The acknowledgement and each stage as rows of timeliness (due: acknowledgements whose deadline has passed, complaints closed at the stage). */
export function timelinessRows(a: AnnualReport['acknowledgements'], stages: readonly AnnualStage[], say: Say): TimelinessRow[] {
  const parts = [a.onTime, a.late, a.unacknowledgedOverdue];
  const due = parts.every((p) => typeof p === 'number') ? (parts as number[]).reduce((x, y) => x + y, 0) : SUPPRESSED;
  return [
    {
      label: say('timeliness.acknowledgement'),
      targetWorkingDays: a.targetWorkingDays,
      due,
      withinDeadline: a.onTime,
      percentWithinDeadline: a.percentOnTime,
      withinTimescale: a.onTime,
      percentWithinTimescale: a.percentOnTime,
    },
    ...stages.map((s) => ({
      label: s.name,
      targetWorkingDays: s.targetWorkingDays,
      due: s.closed,
      withinDeadline: s.withinDeadline,
      percentWithinDeadline: s.percentWithinDeadline,
      withinTimescale: s.withinTimescale,
      percentWithinTimescale: s.percentWithinTimescale,
    })),
  ];
}

/** Each timescale against its target: the share met within the policy's own time and within the deadline (extensions included). */
export function timelinessChart(id: string, rows: readonly TimelinessRow[], say: Say): Chart {
  const title = say('timeliness.chartTitle');
  const svg = barChart(
    { id, title, description: say('timeliness.chartDescription'), noData: say('common.none'), format: (n) => say('common.percent', { value: n }) },
    [{ label: say('timeliness.withinTimescale') }, { label: say('timeliness.withinDeadline') }],
    rows.map((r) => ({ label: say('timeliness.rowLabel', { name: r.label, days: r.targetWorkingDays }), values: [num(r.percentWithinTimescale), num(r.percentWithinDeadline)] })),
    { max: 100 },
  );
  const table: Table = {
    caption: title,
    columns: [
      { label: say('timeliness.timescale'), kind: 'text' },
      { label: say('timeliness.target'), kind: 'days' },
      { label: say('timeliness.due'), kind: 'count' },
      { label: say('timeliness.withinTimescale'), kind: 'count' },
      { label: say('timeliness.withinTimescalePercent'), kind: 'percent' },
      { label: say('timeliness.withinDeadline'), kind: 'count' },
      { label: say('timeliness.withinDeadlinePercent'), kind: 'percent' },
    ],
    rows: rows.map((r) => ({
      header: r.label,
      cells: [r.targetWorkingDays, value(r.due), value(r.withinTimescale), value(r.percentWithinTimescale), value(r.withinDeadline), value(r.percentWithinDeadline)],
    })),
  };
  return { svg, table };
}

export interface OutcomeRow {
  label: string;
  upheld: Count;
  partlyUpheld: Count;
  notUpheld: Count;
}

export function outcomesTable(rows: readonly OutcomeRow[], say: Say): Table {
  return {
    caption: say('outcomes.caption'),
    columns: [
      { label: say('outcomes.stage'), kind: 'text' },
      { label: say('outcomes.upheld'), kind: 'count' },
      { label: say('outcomes.partlyUpheld'), kind: 'count' },
      { label: say('outcomes.notUpheld'), kind: 'count' },
    ],
    rows: rows.map((r) => ({ header: r.label, cells: [value(r.upheld), value(r.partlyUpheld), value(r.notUpheld)] })),
  };
}

export type MonthPoint =
  | { month: string; data: true; complaints: Count; compliments: Count; closed: Count; closedWithinDeadline: Count; percentClosedWithinDeadline: Percent }
  | { month: string; data: false };

/** Months over time: complaints and compliments as columns, a month without a stored report as "no data". */
export function monthsChart(id: string, title: string, months: readonly MonthPoint[], lang: string, say: Say): Chart {
  const short = (m: string) => new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' }).format(new Date(`${m}-15T12:00:00Z`));
  const svg = columnChart(
    { id, title, description: say('trend.chartDescription'), noData: say('common.noData'), format: (n) => String(n) },
    [{ label: say('common.complaints') }, { label: say('common.compliments') }],
    months.map((m) => ({ label: short(m.month), values: m.data ? [num(m.complaints), num(m.compliments)] : [null, null] })),
  );
  const noData = say('common.noData');
  const table: Table = {
    caption: title,
    columns: [
      { label: say('trend.month'), kind: 'text' },
      { label: say('common.complaints'), kind: 'count' },
      { label: say('common.compliments'), kind: 'count' },
      { label: say('trend.closed'), kind: 'count' },
      { label: say('trend.closedWithinDeadline'), kind: 'count' },
      { label: say('trend.closedWithinDeadlinePercent'), kind: 'percent' },
    ],
    rows: months.map((m) => ({
      header: monthInWords(m.month, lang),
      cells: m.data ? [value(m.complaints), value(m.compliments), value(m.closed), value(m.closedWithinDeadline), value(m.percentClosedWithinDeadline)] : [noData, noData, noData, noData, noData],
    })),
  };
  return { svg, table };
}

/** A sentence's figure: "12", "75%", "fewer than 5", "none". */
export const figure = (v: Count | Percent | null, kind: 'count' | 'percent' | 'days', say: Say): string => formatValue(value(v), kind, say);
