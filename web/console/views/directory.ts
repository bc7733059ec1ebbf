import { html } from 'lit-html';
import type { Console, View } from '../main';
import type { Texts } from '../texts';

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

/** Where the directory is changed, for now (an address of the API, not words). */
const CHANGE_ROUTE = 'PUT /api/directory';

const person = (t: Texts, p: Person) => html`${p.name} <span class="govuk-body-s">(${p.id}, ${p.email})</span>${p.available === false ? html` <strong class="govuk-tag govuk-tag--grey">${t('directory.unavailable')}</strong>` : ''}`;

/** The staff directory: functions, Heads, Deputies and their availability, and the posts of the procedure. */
export async function directoryPage(ctx: Console): Promise<View> {
  const { t } = ctx;
  const { data: d } = await ctx.api<Directory>('GET', '/api/directory');
  const post = (label: string, p: Person) => html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${label}</dt><dd class="govuk-summary-list__value">${person(t, p)}</dd></div>`;
  return {
    title: t('directory.title'),
    body: html`<h1 class="govuk-heading-l" tabindex="-1">${t('directory.title')}</h1>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">${t('directory.functions')}</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">${t('directory.function')}</th><th scope="col" class="govuk-table__header">${t('directory.head')}</th><th scope="col" class="govuk-table__header">${t('directory.deputy')}</th></tr></thead>
        <tbody class="govuk-table__body">
          ${d.functions.map((f) => html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${f.name}</th><td class="govuk-table__cell">${person(t, f.head)}</td><td class="govuk-table__cell">${person(t, f.deputy)}</td></tr>`)}
        </tbody>
      </table>
      <dl class="govuk-summary-list">
        ${post(t('directory.dutyOfficer'), d.dutyOfficer)} ${post(t('directory.cro'), d.customerRelationsOfficer)}
        ${post(t('directory.administrationManager'), d.administrationManager)} ${post(t('directory.strategicSupportManager'), d.strategicSupportManager)}
      </dl>
      <p class="govuk-body">${t.parts('directory.version', { version: d.version, route: html`<code>${CHANGE_ROUTE}</code>` })}</p>`,
  };
}
