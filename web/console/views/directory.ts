import { html, render } from 'lit-html';
import { errorSummary, successBanner } from './parts';
import { changeLink, postsOf, SAVED, type Directory, type Person } from './directory-post';
import type { Console, View } from '../main';
import type { Texts } from '../texts';

const person = (t: Texts, p: Person) => html`${p.name} <span class="govuk-body-s">(${p.id}, ${p.email})</span>${p.available === false ? html` <strong class="govuk-tag govuk-tag--grey">${t('directory.unavailable')}</strong>` : ''}`;

/**
 * The staff directory: functions, Heads, Deputies and their availability, and the posts of the
 * procedure. The Administration Manager marks who is available (stage 1 passes over an unavailable
 * Head to the Deputy, then to the Duty Officer); the change carries the version it read.
 */
export async function directoryPage(ctx: Console): Promise<View> {
  const { t } = ctx;
  const { data: d } = await ctx.api<Directory>('GET', '/api/directory');
  let error: Error | undefined;
  let saved: string | undefined;
  const editable = ctx.has('admin-manager');
  const posts = new Map(postsOf(t, d).map((p) => [p.slug, p]));
  const change = (slug: string) => (editable ? html`<br />${changeLink(t, posts.get(slug)!)}` : '');
  const post = (label: string, p: Person, slug: string) =>
    html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${label}</dt><dd class="govuk-summary-list__value">${person(t, p)}</dd>${editable
        ? html`<dd class="govuk-summary-list__actions">${changeLink(t, posts.get(slug)!)}</dd>`
        : ''}</div>`;
  const onSave = async (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = new Set(new FormData(event.target as HTMLFormElement).getAll('available').map(String));
    const { version: _version, updatedAt: _at, updatedBy: _by, ...input } = d;
    const next = {
      ...input,
      functions: d.functions.map((f) => ({ ...f, head: { ...f.head, available: chosen.has(f.head.id) }, deputy: { ...f.deputy, available: chosen.has(f.deputy.id) } })),
    };
    try {
      await ctx.api('PUT', '/api/directory', { body: { directory: next }, version: d.version });
      await ctx.reloadNames();
      sessionStorage.setItem(SAVED, t('directory.saved'));
      ctx.refresh();
    } catch (e) {
      error = e as Error;
      draw();
      document.querySelector<HTMLElement>('.govuk-error-summary')?.focus();
    }
  };
  const pending = sessionStorage.getItem(SAVED);
  if (pending) {
    saved = pending;
    sessionStorage.removeItem(SAVED);
    setTimeout(() => document.querySelector<HTMLElement>('[data-success]')?.focus(), 0);
  }
  const people = d.functions.flatMap((f) => [f.head, f.deputy]);
  const body = () => html`${successBanner(t, saved)}<h1 class="govuk-heading-l" tabindex="-1">${t('directory.title')}</h1>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">${t('directory.functions')}</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">${t('directory.function')}</th><th scope="col" class="govuk-table__header">${t('directory.head')}</th><th scope="col" class="govuk-table__header">${t('directory.deputy')}</th></tr></thead>
        <tbody class="govuk-table__body">
          ${d.functions.map((f) => html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${f.name}</th><td class="govuk-table__cell">${person(t, f.head)}${change(`functions/${f.id}/head`)}</td><td class="govuk-table__cell">${person(t, f.deputy)}${change(`functions/${f.id}/deputy`)}</td></tr>`)}
        </tbody>
      </table>
      <dl class="govuk-summary-list">
        ${post(t('directory.dutyOfficer'), d.dutyOfficer, 'duty-officer')} ${post(t('directory.cro'), d.customerRelationsOfficer, 'cro')}
        ${post(t('directory.administrationManager'), d.administrationManager, 'administration-manager')}
        ${post(t('directory.strategicSupportManager'), d.strategicSupportManager, 'strategic-support-manager')}
        ${post(t('directory.consultationOfficer'), d.consultationOfficer, 'consultation-officer')}
        ${post(t('directory.legalGovernance'), d.legalGovernance, 'legal-governance')}
      </dl>
      <p class="govuk-body">${t('directory.version', { version: d.version, by: d.updatedBy ? ctx.nameOf(d.updatedBy) : t('directory.nobody') })}</p>
      ${editable
        ? html`${errorSummary(t, error)}
            <form novalidate @submit=${onSave}>
              <div class="govuk-form-group"><fieldset class="govuk-fieldset" aria-describedby="availability-hint">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">${t('directory.availabilityHeading')}</legend>
                <div class="govuk-hint" id="availability-hint">${t('directory.availabilityHint')}</div>
                <div class="govuk-checkboxes govuk-checkboxes--small">
                  ${people.map(
                    (p, i) => html`<div class="govuk-checkboxes__item">
                      <input class="govuk-checkboxes__input" id="available-${i}" name="available" type="checkbox" value=${p.id} ?checked=${p.available !== false} />
                      <label class="govuk-label govuk-checkboxes__label" for="available-${i}">${t('directory.availableLabel', { name: `${p.name} (${p.id})` })}</label>
                    </div>`,
                  )}
                </div>
              </fieldset></div>
              <button class="govuk-button" type="submit">${t('directory.save')}</button>
            </form>`
        : ''}`;
  const draw = () => render(body(), document.getElementById('app')!);
  return { title: t('directory.title'), body: body() };
}
