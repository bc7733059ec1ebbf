import { html, nothing, type TemplateResult } from 'lit-html';
import { ApiError } from '../api';
import type { Console } from '../main';
import { channelName, day, daysLeftWords, functionName, workingDaysLeft } from '../format';
import type { Texts } from '../texts';

/** Pieces every view uses: the cases table, the error summary, a success banner, and action forms. */

export interface CaseRow {
  reference: string;
  kind: string;
  status: string;
  stage: number | null;
  owner: string | null;
  function: string | null;
  channel: string;
  receivedAt: string;
  deadline: string | null;
  overdue: boolean;
  urgent: boolean;
  summary: string;
  tasks?: Array<{ type: string; due: string }>;
  /** A complaint referred to Legal & Governance (its review, not a stage, is what it waits for). */
  informationReview?: { request: string; deadline: string; decision?: string };
}

export function casesTable(ctx: Console, items: CaseRow[], caption: string): TemplateResult {
  const { t } = ctx;
  if (items.length === 0) return html`<p class="govuk-body">${t('table.none')}</p>`;
  return html`<table class="govuk-table">
    <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">${caption}</caption>
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">${t('table.reference')}</th>
        <th scope="col" class="govuk-table__header">${t('table.summary')}</th>
        <th scope="col" class="govuk-table__header">${t('table.stageAndOwner')}</th>
        <th scope="col" class="govuk-table__header">${t('table.nextDeadline')}</th>
      </tr>
    </thead>
    <tbody class="govuk-table__body">
      ${items.map(
        (c) => html`<tr class="govuk-table__row" data-case=${c.reference}>
          <td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="/staff/cases/${c.reference}" data-nav>${c.reference}</a><br /><span class="govuk-body-s">${c.kind === 'complaint' ? t('kinds.complaint') : t('kinds.compliment')}${c.urgent ? html` · <strong class="govuk-tag govuk-tag--red">${t('table.urgent')}</strong>` : nothing}</span></td>
          <td class="govuk-table__cell">${c.summary}<br /><span class="govuk-body-s">${t('table.received', { function: functionName(t, ctx.config, c.function), channel: channelName(t, c.channel), date: day(c.receivedAt) })}</span></td>
          <td class="govuk-table__cell">${c.status === 'closed' ? t('table.closed') : c.stage ? t('stageNumber', { stage: c.stage }) : c.informationReview ? t('informationReview.stage') : t('table.beforeStage1')}<br /><span class="govuk-body-s">${c.owner ? ctx.nameOf(c.owner) : c.status === 'open' ? (c.informationReview ? t('informationReview.team') : t('table.noOwner')) : ''}</span></td>
          <td class="govuk-table__cell">${c.deadline ? html`${day(c.deadline)}<br /><span class="govuk-body-s ${c.overdue ? 'app-overdue' : ''}">${daysLeftWords(t, workingDaysLeft(ctx.config, c.deadline))}</span>` : '—'}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

export function errorSummary(t: Texts, error: ApiError | Error | undefined): TemplateResult | typeof nothing {
  if (!error) return nothing;
  const issues = error instanceof ApiError ? error.issues : [];
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1">
    <div role="alert">
      <h2 class="govuk-error-summary__title">${t('problem')}</h2>
      <div class="govuk-error-summary__body">
        <p class="govuk-body">${error.message}</p>
        ${issues.length
          ? html`<ul class="govuk-list govuk-error-summary__list">
              ${issues.map((i) => html`<li><a href="#${i.path}">${i.path ? `${i.path}: ` : ''}${i.message}</a></li>`)}
            </ul>`
          : nothing}
      </div>
    </div>
  </div>`;
}

export function successBanner(t: Texts, message: string | undefined): TemplateResult | typeof nothing {
  if (!message) return nothing;
  return html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="banner-title" tabindex="-1" data-success>
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="banner-title">${t('success')}</h2></div>
    <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${message}</p></div>
  </div>`;
}

export interface Field {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'date' | 'radios' | 'select';
  options?: Array<[string, string]>;
  hint?: string;
}

/** An outcome's decision (a stage's or a review's): upheld, partly upheld or not upheld. */
export const decisionField = (t: Texts): Field => ({
  name: 'decision',
  label: t('actions.outcome.decision'),
  type: 'radios',
  options: [
    ['upheld', t('actions.outcome.upheld')],
    ['partly-upheld', t('actions.outcome.partlyUpheld')],
    ['not-upheld', t('actions.outcome.notUpheld')],
  ],
});

export interface Action {
  id: string;
  title: string;
  button: string;
  fields: Field[];
  /** What to send: by default the fields as typed (numbers as numbers). */
  submit(values: Record<string, string>): Promise<string>;
}

function field(actionId: string, f: Field): TemplateResult {
  const id = `${actionId}-${f.name}`;
  const hint = f.hint ? html`<div class="govuk-hint" id="${id}-hint">${f.hint}</div>` : nothing;
  const described = f.hint ? `${id}-hint` : nothing;
  if (f.type === 'radios') {
    return html`<div class="govuk-form-group"><fieldset class="govuk-fieldset" aria-describedby=${described}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${f.label}</legend>${hint}
      <div class="govuk-radios govuk-radios--small">
        ${f.options!.map(
          ([value, label], i) => html`<div class="govuk-radios__item">
            <input class="govuk-radios__input" id="${id}-${i}" name=${f.name} type="radio" value=${value} />
            <label class="govuk-label govuk-radios__label" for="${id}-${i}">${label}</label>
          </div>`,
        )}
      </div></fieldset></div>`;
  }
  const label = html`<label class="govuk-label govuk-label--s" for=${id}>${f.label}</label>`;
  if (f.type === 'select') {
    return html`<div class="govuk-form-group">${label}${hint}
      <select class="govuk-select" id=${id} name=${f.name} aria-describedby=${described}>
        ${f.options!.map(([value, text]) => html`<option value=${value}>${text}</option>`)}
      </select></div>`;
  }
  if (f.type === 'textarea') {
    return html`<div class="govuk-form-group">${label}${hint}<textarea class="govuk-textarea" id=${id} name=${f.name} rows="4" aria-describedby=${described}></textarea></div>`;
  }
  const type = f.type === 'number' ? 'text' : f.type;
  return html`<div class="govuk-form-group">${label}${hint}<input class="govuk-input ${f.type === 'number' ? 'govuk-input--width-3' : ''}" id=${id} name=${f.name} type=${type} inputmode=${f.type === 'number' ? 'numeric' : nothing} aria-describedby=${described} /></div>`;
}

/**
 * An action as a form in a disclosure: on success the view is drawn again with a banner (focus
 * moves to it); on a refusal the problem is shown above the form (focus moves to it); a version
 * conflict says so plainly and offers to reload.
 */
export function actionForm(ctx: Console, action: Action, state: { error?: Error; conflict?: boolean }, redraw: (s: { error?: Error; conflict?: boolean; success?: string }) => void): TemplateResult {
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim() !== '') values[k] = v.trim();
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    try {
      const message = await action.submit(values);
      // Done: the form starts empty again. lit keeps what the DOM holds, so a select would otherwise
      // keep its old index over the refreshed options (pointing at somebody else) and text its words.
      form.reset();
      redraw({ success: message });
    } catch (error) {
      redraw({ error: error as Error, conflict: error instanceof ApiError && error.status === 409 && /changed since/.test(error.message) });
    } finally {
      if (button) button.disabled = false;
    }
  };
  return html`<details class="govuk-details" ?open=${Boolean(state.error)} data-action=${action.id}>
    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">${action.title}</span></summary>
    <div class="govuk-details__text">
      ${state.conflict
        ? html`<div class="govuk-error-summary" tabindex="-1" data-conflict><div role="alert">
            <h2 class="govuk-error-summary__title">${ctx.t('conflict.title')}</h2>
            <div class="govuk-error-summary__body"><p class="govuk-body">${ctx.t('conflict.body')}</p>
            <button class="govuk-button govuk-button--secondary" @click=${() => ctx.refresh()}>${ctx.t('conflict.reload')}</button></div></div></div>`
        : errorSummary(ctx.t, state.error)}
      <form novalidate @submit=${onSubmit}>
        ${action.fields.map((f) => field(action.id, f))}
        <button class="govuk-button" type="submit">${action.button}</button>
      </form>
    </div>
  </details>`;
}
