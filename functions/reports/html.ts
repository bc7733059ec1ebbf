import nunjucks from 'nunjucks';
import { webFilesFrom } from '../web/files';
import { formatValue, type Kind, type ReportDocument, type Say, type Table } from './document';
import { REPORT_STYLE } from './style';

/**
 * A report as one complete, accessible HTML page that reads on its own (printed or saved): rendered
 * by Nunjucks with autoescape from web/templates/reports/report.njk, so every text is escaped by
 * construction. The charts are the one thing passed as markup, and they are built only by svg.ts's
 * `el`, which escapes every attribute and text it is given.
 */

export interface HtmlOptions {
  /** A stylesheet to link (the console's, say); the page reads without it. */
  stylesheetUrl?: string;
  /** Where the templates are (web/templates); found beside the bundle or in the sources by default. */
  templates?: string;
}

const environments = new Map<string, nunjucks.Environment>();

function environment(templates: string): nunjucks.Environment {
  let env = environments.get(templates);
  if (!env) {
    env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templates), { autoescape: true, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
    environments.set(templates, env);
  }
  return env;
}

interface HtmlTable {
  caption: string;
  columns?: { label: string; numeric: boolean }[];
  rows: { header: string; cells: { text: string; numeric: boolean }[] }[];
}

const numeric = (kind: Kind) => kind !== 'text';

function htmlTable(t: Table, say: Say): HtmlTable {
  const kinds = t.columns ? t.columns.slice(1).map((c) => c.kind) : [];
  const kindOf = (i: number): Kind => kinds[i] ?? t.kind ?? 'text';
  return {
    caption: t.caption,
    ...(t.columns ? { columns: t.columns.map((c, i) => ({ label: c.label, numeric: i > 0 && numeric(c.kind) })) } : {}),
    rows: t.rows.map((r) => ({ header: r.header, cells: r.cells.map((v, i) => ({ text: formatValue(v, kindOf(i), say), numeric: typeof v === 'number' && numeric(kindOf(i)) })) })),
  };
}

export function documentHtml(doc: ReportDocument, say: Say, options: HtmlOptions = {}): string {
  const templates = options.templates ?? webFilesFrom(import.meta.url).templates;
  return environment(templates).render('reports/report.njk', {
    lang: doc.lang,
    title: doc.title,
    paragraphs: doc.paragraphs,
    stylesheetUrl: options.stylesheetUrl ?? null,
    // A constant of ours, allowed by its hash (security-headers.ts): as it is, or the hash would not match.
    style: new nunjucks.runtime.SafeString(REPORT_STYLE),
    contents: say('common.contents'),
    sections: doc.sections.map((s) => ({
      id: s.id,
      heading: s.heading,
      paragraphs: s.paragraphs,
      // Built by svg.ts's `el` alone, which escapes all it is given.
      charts: s.charts.map((c) => ({ svg: new nunjucks.runtime.SafeString(c.svg.value), table: htmlTable(c.table, say) })),
      tables: s.tables.map((t) => htmlTable(t, say)),
    })),
  });
}
