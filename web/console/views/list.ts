import { stringify } from 'csv-stringify/browser/esm/sync';
import { html, nothing } from 'lit-html';
import type { Console, View } from '../main';
import { casesTable, type CaseRow } from './parts';
import { channelName } from '../format';
import type { Texts } from '../texts';

/** The case list: filters, search by reference, sorted by next deadline, paged; the list as CSV. */

const FILTERS = ['kind', 'status', 'stage', 'owner', 'function', 'month', 'channel', 'category', 'overdue', 'dueWithin'] as const;
/** At most this many cases in one CSV file (the API's own pages, read one after another). */
const CSV_MAX_PAGES = 40;

function select(t: Texts, name: string, label: string, value: string | null, options: Array<[string, string]>) {
  return html`<div class="govuk-form-group app-filter">
    <label class="govuk-label govuk-label--s" for="filter-${name}">${label}</label>
    <select class="govuk-select" id="filter-${name}" name=${name}>
      <option value="">${t('list.any')}</option>
      ${options.map(([v, words]) => html`<option value=${v} ?selected=${v === value}>${words}</option>`)}
    </select>
  </div>`;
}

export async function caseList(ctx: Console, params: URLSearchParams): Promise<View> {
  const { t } = ctx;
  const query: Record<string, string> = {};
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) query[f] = v;
  }
  const cursor = params.get('cursor') ?? undefined;
  const { data } = await ctx.api<{ items: CaseRow[]; nextCursor?: string }>('GET', '/api/cases', { query: { ...query, cursor } });

  const onFilter = (event: SubmitEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(event.target as HTMLFormElement)) if (typeof v === 'string' && v !== '') next.set(k, v);
    ctx.navigate(`/staff/cases${next.size ? `?${next}` : ''}`);
  };
  const onSearch = (event: SubmitEvent) => {
    event.preventDefault();
    const reference = String(new FormData(event.target as HTMLFormElement).get('reference') ?? '').trim().toUpperCase();
    if (reference) ctx.navigate(`/staff/cases/${encodeURIComponent(reference)}`);
  };
  const onCsv = async () => {
    const rows: CaseRow[] = [];
    let next: string | undefined;
    for (let page = 0; page < CSV_MAX_PAGES; page++) {
      const r = await ctx.api<{ items: CaseRow[]; nextCursor?: string }>('GET', '/api/cases', { query: { ...query, limit: '100', cursor: next } });
      rows.push(...r.data.items);
      next = r.data.nextCursor;
      if (!next) break;
    }
    // UTF-8 with a byte order mark and CRLF, so a spreadsheet opens it as it is; a cell that starts
    // with =, +, - or @ is neutralised (the summary is the public's own text).
    const csv = stringify(
      rows.map((c) => [c.reference, c.kind, c.status, c.stage ?? '', c.owner ?? '', c.function ?? '', c.channel, c.receivedAt, c.deadline ?? '', c.overdue ? t('csv.yes') : t('csv.no'), c.urgent ? t('csv.yes') : t('csv.no'), c.summary]),
      {
        bom: true,
        record_delimiter: 'windows',
        escape_formulas: true,
        header: true,
        columns: [
          t('csv.columns.reference'),
          t('csv.columns.kind'),
          t('csv.columns.status'),
          t('csv.columns.stage'),
          t('csv.columns.owner'),
          t('csv.columns.function'),
          t('csv.columns.channel'),
          t('csv.columns.received'),
          t('csv.columns.deadline'),
          t('csv.columns.overdue'),
          t('csv.columns.urgent'),
          t('csv.columns.summary'),
        ],
      },
    );
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    a.download = t('csv.file', { date: new Date().toISOString().slice(0, 10) });
    document.body.append(a);
    a.click();
    a.remove();
  };
  const c = ctx.config;
  const stages = c.stages.map((s, i) => [String(i + 1), s.name] as [string, string]);
  return {
    title: t('list.title'),
    body: html`<h1 class="govuk-heading-l" tabindex="-1">${t('list.title')}</h1>
      <form class="govuk-!-margin-bottom-6" @submit=${onSearch} role="search" aria-label=${t('list.search')}>
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="reference">${t('list.findByReference')}</label>
          <input class="govuk-input govuk-input--width-10" id="reference" name="reference" type="text" spellcheck="false" />
          <button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" type="submit">${t('list.find')}</button>
        </div>
      </form>
      <form @submit=${onFilter} aria-label=${t('list.filters')} class="app-filters">
        ${select(t, 'kind', t('list.kind'), query.kind ?? null, [['complaint', t('kinds.complaint')], ['compliment', t('kinds.compliment')]])}
        ${select(t, 'status', t('list.status'), query.status ?? null, [['open', t('list.open')], ['closed', t('list.closed')]])}
        ${select(t, 'stage', t('list.stage'), query.stage ?? null, stages)}
        ${select(t, 'function', t('list.function'), query.function ?? null, c.functions.map((f) => [f.id, f.name]))}
        ${select(t, 'channel', t('list.channel'), query.channel ?? null, c.channels.map((ch) => [ch, channelName(t, ch)]))}
        ${select(t, 'category', t('list.category'), query.category ?? null, c.complaintCategories.map((k) => [k.id, k.name]))}
        ${select(t, 'overdue', t('list.overdue'), query.overdue ?? null, [['true', t('list.overdue')], ['false', t('list.notOverdue')]])}
        <div class="govuk-form-group app-filter">
          <label class="govuk-label govuk-label--s" for="filter-owner">${t('list.owner')}</label>
          <input class="govuk-input govuk-input--width-10" id="filter-owner" name="owner" .value=${query.owner ?? ''} />
        </div>
        <div class="govuk-form-group app-filter">
          <label class="govuk-label govuk-label--s" for="filter-month">${t('list.month')}</label>
          <input class="govuk-input govuk-input--width-5" id="filter-month" name="month" .value=${query.month ?? ''} />
        </div>
        <div class="govuk-form-group app-filter">
          <label class="govuk-label govuk-label--s" for="filter-dueWithin">${t('list.dueWithin')}</label>
          <input class="govuk-input govuk-input--width-3" id="filter-dueWithin" name="dueWithin" inputmode="numeric" .value=${query.dueWithin ?? ''} />
        </div>
        <button class="govuk-button" type="submit">${t('list.apply')}</button>
      </form>
      <p class="govuk-body"><button class="govuk-button govuk-button--secondary" @click=${onCsv}>${t('list.download')}</button></p>
      ${casesTable(ctx, data.items, t('list.caption'))}
      ${data.nextCursor
        ? html`<nav class="govuk-pagination" aria-label=${t('list.pages')}><div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" rel="next" data-nav href="/staff/cases?${new URLSearchParams({ ...query, cursor: data.nextCursor })}"><span class="govuk-pagination__link-title">${t('list.nextPage')}</span></a></div></nav>`
        : nothing}`,
  };
}
