import { html } from 'lit-html';
import type { Console, View } from '../main';

interface Person {
  id: string;
  name: string;
  email: string;
  available?: boolean;
}
interface Directory {
  functions: Array<{ id: string; name: string; head: Person; deputy: Person }>;
  dutyOfficer: Person;
  customerRelationsOfficer: Person;
  administrationManager: Person;
  strategicSupportManager: Person;
  version: number;
}

const person = (p: Person) => html`${p.name} <span class="govuk-body-s">(${p.id}, ${p.email})</span>${p.available === false ? html` <strong class="govuk-tag govuk-tag--grey">Unavailable</strong>` : ''}`;

/** The staff directory: functions, Heads, Deputies and their availability, and the posts of the procedure. */
export async function directoryPage(ctx: Console): Promise<View> {
  const { data: d } = await ctx.api<Directory>('GET', '/api/directory');
  return {
    title: 'Staff directory',
    body: html`<h1 class="govuk-heading-l" tabindex="-1">Staff directory</h1>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Functions</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Function</th><th scope="col" class="govuk-table__header">Head</th><th scope="col" class="govuk-table__header">Deputy</th></tr></thead>
        <tbody class="govuk-table__body">
          ${d.functions.map((f) => html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${f.name}</th><td class="govuk-table__cell">${person(f.head)}</td><td class="govuk-table__cell">${person(f.deputy)}</td></tr>`)}
        </tbody>
      </table>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Duty Officer</dt><dd class="govuk-summary-list__value">${person(d.dutyOfficer)}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Customer Relations Officer</dt><dd class="govuk-summary-list__value">${person(d.customerRelationsOfficer)}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Administration Manager</dt><dd class="govuk-summary-list__value">${person(d.administrationManager)}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Strategic Support Manager</dt><dd class="govuk-summary-list__value">${person(d.strategicSupportManager)}</dd></div>
      </dl>
      <p class="govuk-body">Version ${d.version}. Changes go through <code>PUT /api/directory</code> for now.</p>`,
  };
}
