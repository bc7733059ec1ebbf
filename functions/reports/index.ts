import type { Policy } from '../domain/policy';
import type { AnnualReport } from '../domain/reports/annual-types';
import type { MonthlyReport } from '../domain/reports/monthly-schema';
import type { Messages } from '../domain/texts';
import { annualDocument } from './annual-view';
import { documentCsv } from './csv';
import { sayFrom } from './document';
import { documentHtml, type HtmlOptions } from './html';
import { monthlyDocument } from './monthly-view';

/**
 * The monthly and annual reports as CSV (a spreadsheet opens it: BOM, CRLF, formulas neutralised)
 * and as HTML (one standalone, accessible page with charts). Pure apart from reading the template
 * once; `texts` are the locale's messages (functions/config/locale-source.ts, readMessages).
 */

export type { HtmlOptions } from './html';

export function renderMonthlyCsv(report: MonthlyReport, texts: Messages, policy: Policy): string {
  return documentCsv(monthlyDocument(report, texts, policy), sayFrom(texts));
}

export function renderMonthlyHtml(report: MonthlyReport, texts: Messages, policy: Policy, options: HtmlOptions = {}): string {
  return documentHtml(monthlyDocument(report, texts, policy), sayFrom(texts), options);
}

export function renderAnnualCsv(report: AnnualReport, texts: Messages, policy: Policy): string {
  return documentCsv(annualDocument(report, texts, policy), sayFrom(texts));
}

export function renderAnnualHtml(report: AnnualReport, texts: Messages, policy: Policy, options: HtmlOptions = {}): string {
  return documentHtml(annualDocument(report, texts, policy), sayFrom(texts), options);
}
