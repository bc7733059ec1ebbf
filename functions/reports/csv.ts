import { stringify } from 'csv-stringify/sync';
import { HIDDEN, type ReportDocument, type Say, type Table, type Value } from './document';

/**
 * A report as CSV that opens in a spreadsheet: UTF-8 with a byte order mark, Windows line endings,
 * and every cell that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return at
 * its start) neutralised, because staff text such as lessons learned is user input. Each table
 * follows its section's heading: its caption, its column headers, its rows, then a blank line.
 * Numbers are written as numbers (percentages without the sign, in a column that says %).
 */

function cell(v: Value, say: Say): string | number {
  if (v === HIDDEN) return say('common.suppressed');
  if (v === null) return '';
  return v;
}

function tableRows(t: Table, say: Say): (string | number)[][] {
  const rows: (string | number)[][] = [[t.caption]];
  if (t.columns) rows.push(t.columns.map((c) => (c.kind === 'percent' ? say('common.percentColumn', { label: c.label }) : c.label)));
  for (const r of t.rows) rows.push([r.header, ...r.cells.map((v) => cell(v, say))]);
  rows.push([]);
  return rows;
}

export function documentCsv(doc: ReportDocument, say: Say): string {
  const rows: (string | number)[][] = [[doc.title], ...doc.paragraphs.map((p) => [p]), []];
  for (const s of doc.sections) {
    rows.push([s.heading]);
    for (const p of s.paragraphs) rows.push([p]);
    for (const c of s.charts) rows.push(...tableRows(c.table, say));
    for (const t of s.tables) rows.push(...tableRows(t, say));
    if (s.charts.length + s.tables.length === 0) rows.push([]);
  }
  return stringify(rows, { bom: true, record_delimiter: 'windows', escape_formulas: true });
}
