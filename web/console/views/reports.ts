import { html, nothing } from 'lit-html';
import type { Console, View } from '../main';
import { dateTime } from '../format';
import type { Texts } from '../texts';

/**
 * The monthly reports (service order step 13), for the Strategic Support Manager, the
 * Administration Manager and the Customer Relations Officer: the stored months, newest first; a
 * month's key figures, the whole report as the API renders it (HTML, shown in a sandboxed frame that
 * runs nothing), and its downloads as CSV and HTML.
 */

interface StoredMonth {
  month: string;
  generatedAt: string;
  complaints: number;
  compliments: number;
  openOverdue: number;
}

/** The parts of the stored report's JSON (GET /api/reports/{month}) the page shows. */
interface MonthlyReport {
  month: string;
  generatedAt: string;
  received: { complaints: number; compliments: number };
  acknowledgements: { targetWorkingDays: number; percentOnTime: number | null };
  closed: { total: number; percentWithinDeadline: number | null };
  outcomes: { upheld: number; partlyUpheld: number; notUpheld: number };
  open: { total: number; overdue: number };
  ombudsman: { enquiries: number };
}

const MONTH_WORDS = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "November 2026". */
const monthWords = (month: string) => MONTH_WORDS.format(new Date(`${month}-15T12:00:00Z`));
const percent = (t: Texts, p: number | null) => (p === null ? t('reports.noneDue') : t('reports.percent', { percent: p }));

export async function reportsPage(ctx: Console): Promise<View> {
  const { t } = ctx;
  const { data } = await ctx.api<{ items: StoredMonth[] }>('GET', '/api/reports');
  return {
    title: t('reports.title'),
    body: html`<h1 class="govuk-heading-l" tabindex="-1">${t('reports.title')}</h1>
      <p class="govuk-body">${t('reports.intro')}</p>
      ${data.items.length === 0
        ? html`<p class="govuk-body" data-no-reports>${t('reports.none')}</p>`
        : html`<table class="govuk-table" data-reports>
            <caption class="govuk-table__caption govuk-table__caption--m">${t('reports.caption')}</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">${t('reports.month')}</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">${t('reports.complaints')}</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">${t('reports.compliments')}</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">${t('reports.openOverdue')}</th>
                <th scope="col" class="govuk-table__header">${t('reports.made')}</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              ${data.items.map(
                (m) => html`<tr class="govuk-table__row" data-month=${m.month}>
                  <th scope="row" class="govuk-table__header"><a class="govuk-link" href="/staff/reports/${m.month}" data-nav>${monthWords(m.month)}</a></th>
                  <td class="govuk-table__cell govuk-table__cell--numeric">${m.complaints}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">${m.compliments}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">${m.openOverdue}</td>
                  <td class="govuk-table__cell">${dateTime(m.generatedAt)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}`,
  };
}

export async function reportPage(ctx: Console, month: string): Promise<View> {
  const { t } = ctx;
  const [{ data: r }, { data: page }] = await Promise.all([
    ctx.api<MonthlyReport>('GET', `/api/reports/${month}`),
    ctx.api<string>('GET', `/api/reports/${month}`, { query: { format: 'html' }, as: 'text' }),
  ]);
  const name = monthWords(r.month);
  const download = async (format: 'csv' | 'html') => {
    const { data } = await ctx.api<string>('GET', `/api/reports/${month}`, { query: { format }, as: 'text' });
    const a = document.createElement('a');
    // The API's CSV starts with a byte order mark, which reading it as text drops: put back, so a spreadsheet reads UTF-8.
    const bytes = format === 'csv' ? ['\uFEFF', data] : [data];
    a.href = URL.createObjectURL(new Blob(bytes, { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'text/html;charset=utf-8' }));
    a.download = `complaints-and-compliments-${r.month}.${format}`;
    document.body.append(a);
    a.click();
    a.remove();
  };
  const row = (key: string, value: string) =>
    html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`;
  return {
    title: t('reports.monthTitle', { month: name }),
    body: html`<a class="govuk-back-link" href="/staff/reports" data-nav>${t('reports.back')}</a>
      <span class="govuk-caption-l">${t('reports.madeOn', { date: dateTime(r.generatedAt) })}</span>
      <h1 class="govuk-heading-l" tabindex="-1">${t('reports.monthTitle', { month: name })}</h1>
      <h2 class="govuk-heading-m">${t('reports.keyFigures')}</h2>
      <dl class="govuk-summary-list" data-key-figures>
        ${row(t('reports.complaints'), String(r.received.complaints))}
        ${row(t('reports.compliments'), String(r.received.compliments))}
        ${row(t('reports.acknowledged', { days: r.acknowledgements.targetWorkingDays }), percent(t, r.acknowledgements.percentOnTime))}
        ${row(t('reports.closed'), r.closed.total === 0 ? '0' : t('reports.closedValue', { closed: r.closed.total, within: percent(t, r.closed.percentWithinDeadline) }))}
        ${row(t('reports.outcomes'), t('reports.outcomesValue', { upheld: r.outcomes.upheld, partlyUpheld: r.outcomes.partlyUpheld, notUpheld: r.outcomes.notUpheld }))}
        ${row(t('reports.open'), t('reports.openValue', { total: r.open.total, overdue: r.open.overdue }))}
        ${row(t('reports.ombudsman'), String(r.ombudsman.enquiries))}
      </dl>
      <h2 class="govuk-heading-m">${t('reports.downloads')}</h2>
      <div class="govuk-button-group">
        <button class="govuk-button govuk-button--secondary" data-module="govuk-button" @click=${() => download('csv')}>${t('reports.downloadCsv')}</button>
        <button class="govuk-button govuk-button--secondary" data-module="govuk-button" @click=${() => download('html')}>${t('reports.downloadHtml')}</button>
      </div>
      <h2 class="govuk-heading-m">${t('reports.whole')}</h2>
      ${page
        ? html`<iframe class="app-report-frame" sandbox="" title=${t('reports.frameTitle', { month: name })} .srcdoc=${page} data-report></iframe>`
        : nothing}`,
  };
}
