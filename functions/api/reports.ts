import { REPORT_STYLE_SOURCE } from '../config/security-headers';
import type { MonthlyReport } from '../domain/reports/monthly-schema';
import { listReports, readReport, type ReportFormat } from '../domain/reports/read-reports';
import type { Messages } from '../domain/texts';
import type { Policy } from '../domain/policy';
import { renderMonthlyCsv, renderMonthlyHtml } from '../reports';
import { getReportDeps } from './report-deps';
import { httpRoute, json, type HttpResult } from './http';
import { staffFromEvent } from './identity';
import { router } from './router';

const deps = getReportDeps();

/**
 * A standalone report page served from the API's origin: it runs nothing and loads nothing but
 * itself (sandboxed), whatever it holds; its words are escaped by the rendering anyway.
 */
const HTML_POLICY = `default-src 'none'; style-src ${REPORT_STYLE_SOURCE}; img-src data:; sandbox; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

function rendering(report: MonthlyReport, format: ReportFormat, texts: Messages, policy: Policy): HttpResult {
  const file = `complaints-and-compliments-${report.month}`;
  if (format === 'json') return json(200, report, { 'content-disposition': `inline; filename="${file}.json"` });
  if (format === 'csv') {
    // UTF-8 with a byte order mark (renderMonthlyCsv writes it), CRLF: opens as it is in a spreadsheet.
    return text(renderMonthlyCsv(report, texts, policy), 'text/csv; charset=utf-8', `attachment; filename="${file}.csv"`);
  }
  return text(renderMonthlyHtml(report, texts, policy), 'text/html; charset=utf-8', `attachment; filename="${file}.html"`, { 'content-security-policy': HTML_POLICY });
}

function text(body: string, type: string, disposition: string, extra: Record<string, string> = {}): HttpResult {
  return { statusCode: 200, headers: { 'content-type': type, 'content-disposition': disposition, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', ...extra }, body };
}

/** The stored monthly reports: the months, and one month as JSON, CSV or HTML (SSM, AM, CRO). */
export const handler = httpRoute().handler(
  router('Reports', {
    listReports: async (event) => json(200, await listReports(staffFromEvent(event), deps)),
    getReport: async (event) => {
      const { report, format } = await readReport(staffFromEvent(event), { month: event.pathParameters?.month, format: event.queryStringParameters?.format }, deps);
      return rendering(report, format, deps.texts, deps.policy);
    },
  }),
);
