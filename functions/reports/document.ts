import { SUPPRESSED } from '../domain/reports/annual-types';
import { fill, text, type Messages } from '../domain/texts';
import type { Markup } from './svg';

/**
 * A report as a document: sections of paragraphs, charts and tables, every word from the locale's
 * `report` section. The HTML and the CSV are both written from it, so they always say the same.
 */

/** A figure withheld from the publishable report. */
export const HIDDEN = Symbol('suppressed');
export type Value = string | number | null | typeof HIDDEN;
/** How a column's numbers read: a count, a percentage, working days, or text. */
export type Kind = 'text' | 'count' | 'percent' | 'days';

export interface Column {
  label: string;
  kind: Kind;
}

export interface Row {
  /** The row's header (its first cell, `th scope="row"`). */
  header: string;
  cells: Value[];
}

export interface Table {
  caption: string;
  /** The first is the header of the row headers' column; absent for a table of row headers and values. */
  columns?: Column[];
  /** How the cells read when there are no columns. */
  kind?: Kind;
  rows: Row[];
}

export interface Chart {
  svg: Markup;
  /** The same figures, for those who cannot see the chart. */
  table: Table;
}

export interface Section {
  id: string;
  heading: string;
  paragraphs: string[];
  charts: Chart[];
  tables: Table[];
}

export interface ReportDocument {
  /** The page's language (the locale's htmlLang). */
  lang: string;
  title: string;
  paragraphs: string[];
  sections: Section[];
}

/** A figure of the domain, with its withheld marker turned into the document's. */
export const value = (v: number | null | typeof SUPPRESSED): Value => (v === SUPPRESSED ? HIDDEN : v);

export type Say = (path: string, values?: Readonly<Record<string, string | number | undefined>>) => string;

/** Words from the locale's `report` section, `{name}` filled in. */
export function sayFrom(texts: Messages): Say {
  return (path, values) => fill(text(texts, `report.${path}`), values);
}

/** A value as it reads in a sentence or an HTML cell. */
export function formatValue(v: Value, kind: Kind, say: Say): string {
  if (v === HIDDEN) return say('common.suppressed');
  if (v === null) return say('common.none');
  if (typeof v === 'string') return v;
  if (kind === 'percent') return say('common.percent', { value: v });
  return String(v);
}

/** "May 2026". */
export function monthInWords(month: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
}

/** "1 June 2026" for an ISO date or instant, in London. */
export function dateInWords(iso: string, lang: string): string {
  const date = iso.length === 10 ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(date);
}

/** "06:00 on 1 June 2026", London time. */
export function instantInWords(iso: string, lang: string, say: Say): string {
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' }).format(new Date(iso));
  return say('common.at', { time, date: dateInWords(iso, lang) });
}

export function section(id: string, heading: string, parts: Partial<Omit<Section, 'id' | 'heading'>> = {}): Section {
  return { id, heading, paragraphs: parts.paragraphs ?? [], charts: parts.charts ?? [], tables: parts.tables ?? [] };
}
