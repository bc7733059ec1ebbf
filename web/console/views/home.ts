import { html } from 'lit-html';
import type { Console, View } from '../main';
import { casesTable, type CaseRow } from './parts';

/** The work of today for the Administration Manager; a stage owner's own cases; the rest: what is open. */
export async function homePage(ctx: Console): Promise<View> {
  const list = async (query: Record<string, string>) => (await ctx.api<{ items: CaseRow[] }>('GET', '/api/cases', { query: { limit: '50', ...query } })).data.items;
  if (ctx.has('admin-manager')) {
    const [overdue, dueSoon, open] = await Promise.all([list({ status: 'open', overdue: 'true' }), list({ status: 'open', dueWithin: '2', overdue: 'false' }), list({ status: 'open' })]);
    const waiting = open.filter((c) => c.owner === null);
    return {
      title: 'Today',
      body: html`<h1 class="govuk-heading-l" tabindex="-1">Today’s work</h1>
        <h2 class="govuk-heading-m">Overdue (${overdue.length})</h2>
        ${casesTable(ctx, overdue, 'Overdue cases')}
        <h2 class="govuk-heading-m">Due within 2 working days (${dueSoon.length})</h2>
        ${casesTable(ctx, dueSoon, 'Cases due within 2 working days')}
        <h2 class="govuk-heading-m">Waiting for an acknowledgement or an owner (${waiting.length})</h2>
        ${casesTable(ctx, waiting, 'Cases without an owner')}
        <p class="govuk-body"><a class="govuk-link" href="/staff/cases?status=open" data-nav>All open cases</a></p>`,
    };
  }
  const mine = ctx.me.roles.some((r) => ['functional-head', 'duty-officer', 'cro'].includes(r)) ? await list({ status: 'open', owner: ctx.me.id }) : undefined;
  const open = mine ? [] : await list({ status: 'open' });
  return {
    title: 'Home',
    body: html`<h1 class="govuk-heading-l" tabindex="-1">${mine ? 'Your cases' : 'Open cases'}</h1>
      ${casesTable(ctx, mine ?? open, mine ? 'Your open cases' : 'Open cases')}
      <p class="govuk-body"><a class="govuk-link" href="/staff/cases" data-nav>All cases you can see</a></p>`,
  };
}
