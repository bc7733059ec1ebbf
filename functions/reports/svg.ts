/**
 * Charts as hand-written SVG, drawn on the server. Pure. Every element goes through `el`, which
 * escapes every attribute value and every text, so no label (a category name, say) can inject
 * markup; styling is by presentation attributes only (no `style`, no script), as the pages'
 * Content-Security-Policy requires. Each chart is an image with a title and a description
 * (role="img", aria-labelledby); the page shows the same figures in a table beside it.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Markup built only by `el` and `text`: nothing else can become part of a chart. */
export class Markup {
  private constructor(readonly value: string) {}
  static of(value: string): Markup {
    return new Markup(value);
  }
  toString(): string {
    return this.value;
  }
}

type Attributes = Readonly<Record<string, string | number | undefined>>;

/** An element with escaped attributes; children are Markup (elements) or strings (escaped text). */
export function el(name: string, attributes: Attributes, ...children: (Markup | string)[]): Markup {
  const attrs = Object.entries(attributes)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(typeof v === 'number' ? round(v) : v))}"`)
    .join('');
  const inner = children.map((c) => (c instanceof Markup ? c.value : escapeXml(c))).join('');
  return Markup.of(`<${name}${attrs}>${inner}</${name}>`);
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11) and distinguishable from each other. */
export const PALETTE = ['#1d70b8', '#00703c', '#6f3f96', '#b35900'] as const;
const INK = '#0b0c0c';
const GRID = '#b1b4b6';

export interface Series {
  label: string;
}

export interface Group {
  label: string;
  /** One value per series; null where there is none (drawn as "no data", never as zero). */
  values: readonly (number | null)[];
}

export interface ChartText {
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string;
  title: string;
  description: string;
  /** Written where a value is null. */
  noData: string;
  /** Formats a value for its label ("75%", "12"). */
  format: (n: number) => string;
}

const FONT = { 'font-family': 'Arial, Helvetica, sans-serif', 'font-size': 14 } as const;

function frame(text: ChartText, width: number, height: number, ...content: Markup[]): Markup {
  const titleId = `${text.id}-title`;
  const descId = `${text.id}-desc`;
  return el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', role: 'img', 'aria-labelledby': `${titleId} ${descId}`, viewBox: `0 0 ${width} ${height}`, width: '100%', class: 'app-report-chart', ...FONT },
    el('title', { id: titleId }, text.title),
    el('desc', { id: descId }, text.description),
    ...content,
  );
}

function legend(series: readonly Series[], y: number): Markup[] {
  if (series.length < 2) return [];
  let x = 0;
  return series.map((s, i) => {
    const item = el('g', { transform: `translate(${x}, ${y})` }, el('rect', { width: 14, height: 14, fill: PALETTE[i % PALETTE.length] }), el('text', { x: 20, y: 12, fill: INK }, s.label));
    // About 8 units a character at 14px, and room before the next.
    x += 20 + s.label.length * 8 + 24;
    return item;
  });
}

/**
 * Horizontal bars: one block per group (its label above its bars, so a long name is never cut),
 * one bar per series, the value written at the end of the bar. `max` fixes the scale (100 for
 * percentages), else the largest value.
 */
export function barChart(text: ChartText, series: readonly Series[], groups: readonly Group[], options: { max?: number } = {}): Markup {
  const width = 640;
  const valueRoom = 90;
  const bar = 18;
  const gap = 4;
  const labelHeight = 20;
  const rowHeight = labelHeight + series.length * (bar + gap) + 10;
  const top = series.length > 1 ? 30 : 4;
  const values = groups.flatMap((g) => g.values).filter((v): v is number => v !== null);
  const max = options.max ?? Math.max(1, ...values);
  const plot = width - valueRoom;
  const rows = groups.map((g, gi) => {
    const y0 = top + gi * rowHeight;
    const bars = g.values.map((v, si) => {
      const y = y0 + labelHeight + si * (bar + gap);
      const w = v === null ? 0 : (Math.max(0, v) / max) * plot;
      return el(
        'g',
        {},
        el('rect', { x: 0, y, width: w, height: bar, fill: PALETTE[si % PALETTE.length] }),
        el('text', { x: w + 6, y: y + bar - 4, fill: INK }, v === null ? text.noData : text.format(v)),
      );
    });
    return el('g', {}, el('text', { x: 0, y: y0 + 14, fill: INK, 'font-weight': 'bold' }, g.label), ...bars);
  });
  const height = top + groups.length * rowHeight;
  return frame(text, width, height, ...legend(series, 4), ...rows);
}

/**
 * Columns over time: one slot per group (a month), one column per series; a slot whose values are
 * all null says "no data" instead of drawing a column of zero height.
 */
export function columnChart(text: ChartText, series: readonly Series[], groups: readonly Group[]): Markup {
  const width = 640;
  const height = 260;
  const left = 40;
  const top = series.length > 1 ? 34 : 10;
  const bottom = 40;
  const plotHeight = height - top - bottom;
  const slot = (width - left) / Math.max(1, groups.length);
  const column = Math.min(18, (slot - 6) / Math.max(1, series.length));
  const values = groups.flatMap((g) => g.values).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values);
  const baseline = top + plotHeight;
  const slots = groups.map((g, gi) => {
    const x0 = left + gi * slot + (slot - column * series.length) / 2;
    const label = el('text', { x: left + gi * slot + slot / 2, y: baseline + 16, 'text-anchor': 'middle', fill: INK, 'font-size': 12 }, g.label);
    if (g.values.every((v) => v === null)) {
      return el('g', {}, label, el('text', { x: left + gi * slot + slot / 2, y: baseline - 8, 'text-anchor': 'middle', fill: INK, 'font-size': 11 }, text.noData));
    }
    const columns = g.values.map((v, si) => {
      const h = ((v ?? 0) / max) * plotHeight;
      const x = x0 + si * column;
      return el(
        'g',
        {},
        el('rect', { x, y: baseline - h, width: column - 2, height: h, fill: PALETTE[si % PALETTE.length] }),
        el('text', { x: x + (column - 2) / 2, y: baseline - h - 4, 'text-anchor': 'middle', fill: INK, 'font-size': 11 }, v === null ? text.noData : text.format(v)),
      );
    });
    return el('g', {}, label, ...columns);
  });
  const axis = el('line', { x1: left, x2: width, y1: baseline, y2: baseline, stroke: GRID });
  return frame(text, width, height, ...legend(series, 6), axis, ...slots);
}
