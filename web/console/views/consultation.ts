import { html, nothing, type TemplateResult } from 'lit-html';
import type { Console } from '../main';
import { day } from '../format';
import type { Action } from './parts';
import type { Texts } from '../texts';

/**
 * Public consultation comments (service order section 2) in the console: the Administration
 * Manager's list of comments awaiting a decision and the decision form; the Consultation and
 * Partnership Officer's list of the comments they forwarded, with each decision.
 */

export interface ConsultationRow {
  reference: string;
  kind: string;
  status: string;
  summary: string;
  receivedAt: string;
  consultation?: { consultationType: string; state: 'awaiting' | 'entered' | 'not-entered' };
}

export interface ConsultationView {
  consultationType: string;
  decision?: { entered: boolean; reason?: string; decidedAt: string; decidedBy: string };
}

/** Where a comment stands, in words: awaiting the decision, entered (as what, and whether it is being handled), or not entered. */
function stateWords(t: Texts, state: string, kind: string, status: string): string {
  if (state === 'awaiting') return t('consultation.awaiting');
  if (state === 'not-entered') return t('consultation.notEntered');
  const handling = { status: status === 'open' ? t('consultation.beingHandled') : t('consultation.handled') };
  return kind === 'complaint' ? t('consultation.enteredComplaint', handling) : t('consultation.enteredCompliment', handling);
}

/** A table of consultation comments: the comment, its consultation, when received, and where its decision stands. */
export function consultationTable(ctx: Console, rows: ConsultationRow[], caption: string): TemplateResult {
  const { t } = ctx;
  if (rows.length === 0) return html`<p class="govuk-body">${t('table.none')}</p>`;
  return html`<table class="govuk-table" data-consultation-comments>
    <caption class="govuk-table__caption govuk-visually-hidden">${caption}</caption>
    <thead class="govuk-table__head"><tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">${t('table.reference')}</th>
      <th scope="col" class="govuk-table__header">${t('consultation.commentColumn')}</th>
      <th scope="col" class="govuk-table__header">${t('consultation.decisionColumn')}</th>
    </tr></thead>
    <tbody class="govuk-table__body">
      ${rows.map(
        (c) => html`<tr class="govuk-table__row" data-case=${c.reference}>
          <td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="/staff/cases/${c.reference}" data-nav>${c.reference}</a></td>
          <td class="govuk-table__cell">${c.summary}<br /><span class="govuk-body-s">${t('consultation.fromOn', { consultation: c.consultation?.consultationType ?? '', date: day(c.receivedAt) })}</span></td>
          <td class="govuk-table__cell" data-decision>${stateWords(t, c.consultation?.state ?? 'awaiting', c.kind, c.status)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** On a case page: the consultation, and the decision with its reason (or that it awaits one). */
export function consultationSection(ctx: Console, c: { reference: string; kind: string; status: string; consultation?: ConsultationView }): TemplateResult | typeof nothing {
  const { t } = ctx;
  const k = c.consultation;
  if (!k) return nothing;
  const state = !k.decision ? 'awaiting' : k.decision.entered ? 'entered' : 'not-entered';
  const row = (key: string, value: string | undefined) =>
    html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value app-own-words">${value || '—'}</dd></div>`;
  return html`<h2 class="govuk-heading-m">${t('consultation.heading')}</h2>
    <dl class="govuk-summary-list" data-consultation>
      ${row(t('consultation.type'), k.consultationType)}
      ${row(t('consultation.decision'), stateWords(t, state, c.kind, c.status))}
      ${k.decision ? row(t('consultation.reason'), k.decision.reason) : nothing}
      ${k.decision ? row(t('consultation.decidedOn'), t('consultation.decidedBy', { date: day(k.decision.decidedAt), by: ctx.nameOf(k.decision.decidedBy) })) : nothing}
    </dl>`;
}

/** The Administration Manager's decision on a comment awaiting one. */
export function decideAction(ctx: Console, reference: string, send: (path: string, body: unknown) => Promise<void>): Action {
  const { t } = ctx;
  return {
    id: 'consultation',
    title: t('consultation.decide.title'),
    button: t('consultation.decide.button'),
    fields: [
      {
        name: 'decision',
        label: t('consultation.decide.decision'),
        type: 'radios',
        options: [
          ['complaint', t('consultation.decide.asComplaint')],
          ['compliment', t('consultation.decide.asCompliment')],
          ['not-enter', t('consultation.decide.notEnter')],
        ],
      },
      { name: 'reason', label: t('consultation.decide.reason'), type: 'textarea', hint: t('consultation.decide.reasonHint') },
    ],
    submit: async (v) => {
      // No choice made: sent as it is, and the API names the field.
      const body = v.decision === 'not-enter' || !v.decision ? { decision: v.decision, reason: v.reason } : { decision: 'enter', kind: v.decision, reason: v.reason };
      await send('/consultation-decision', body);
      return v.decision === 'not-enter' ? t('consultation.decide.closed', { reference }) : t('consultation.decide.entered', { reference });
    },
  };
}
