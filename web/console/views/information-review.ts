import { html, nothing, type TemplateResult } from 'lit-html';
import type { Console } from '../main';
import { day, daysLeftWords, decisionName, workingDaysLeft } from '../format';
import { decisionField, type Action, type CaseRow } from './parts';

/**
 * Information-request reviews in the console (DESIGN.md §2): the Administration Manager refers a
 * complaint about how an FOI, EIR or subject access request was handled to Legal & Governance; their
 * home lists the reviews; on the case they may extend the review once, with a reason the customer
 * is told, and record its outcome, which closes the case.
 */

export interface InformationReviewView {
  request: string;
  note?: string;
  referredAt: string;
  referredBy: string;
  deadline: string;
  extension?: { at: string; by: string; workingDays: number; reason: string };
  outcome?: { decision: string; response: string; lessonsLearned?: string; decidedAt: string; decidedBy: string };
}

export type ReviewRow = CaseRow & { informationReview?: { request: string; deadline: string; decision?: string } };

type Send = (path: string, body: unknown) => Promise<void>;

interface ReviewedCase {
  reference: string;
  kind: string;
  status: string;
  informationReview?: InformationReviewView;
  consultation?: { decision?: unknown };
}

/** Whether the case is under review now: its stage's changes are not offered. */
export const underReview = (c: { status: string; informationReview?: unknown }) => c.status === 'open' && Boolean(c.informationReview);

/** The kind of request in words. */
export const requestName = ({ t }: Console, request: string) => (t.has(`informationReview.requests.${request}`) ? t(`informationReview.requests.${request}`) : request);

/** On a case page: the review, its deadline, any extension and its outcome. */
export function reviewSection(ctx: Console, c: ReviewedCase): TemplateResult | typeof nothing {
  const { t } = ctx;
  const r = c.informationReview;
  if (!r) return nothing;
  const row = (key: string, value: string | undefined) =>
    html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value app-own-words">${value || '—'}</dd></div>`;
  return html`<h2 class="govuk-heading-m">${t('informationReview.heading')}</h2>
    <dl class="govuk-summary-list" data-information-review>
      ${row(t('informationReview.request'), requestName(ctx, r.request))}
      ${row(t('informationReview.referred'), t('informationReview.referredBy', { date: day(r.referredAt), by: ctx.nameOf(r.referredBy) }))}
      ${r.note ? row(t('informationReview.note'), r.note) : nothing}
      ${row(t('informationReview.deadline'), c.status === 'open' ? t('case.deadline', { date: day(r.deadline), left: daysLeftWords(t, workingDaysLeft(ctx.config, r.deadline)) }) : day(r.deadline))}
      ${r.extension ? row(t('informationReview.extension'), t('informationReview.extensionWords', { days: r.extension.workingDays, reason: r.extension.reason })) : nothing}
      ${r.outcome ? row(t('informationReview.outcome'), t('case.outcomeText', { decision: decisionName(t, r.outcome.decision), response: r.outcome.response })) : nothing}
      ${r.outcome?.lessonsLearned ? row(t('informationReview.lessonsLearned'), r.outcome.lessonsLearned) : nothing}
    </dl>`;
}

/** What the signed-in person may do about a review: the Administration Manager refers; Legal & Governance extend once and decide. */
export function reviewActions(ctx: Console, c: ReviewedCase, send: Send): Action[] {
  const { t } = ctx;
  const open = c.status === 'open';
  const actions: Action[] = [];
  const awaitingDecision = Boolean(c.consultation && !c.consultation.decision);
  if (open && c.kind === 'complaint' && !c.informationReview && !awaitingDecision && ctx.has('admin-manager')) {
    actions.push({
      id: 'information-review',
      title: t('informationReview.refer.title'),
      button: t('informationReview.refer.button'),
      fields: [
        {
          name: 'request',
          label: t('informationReview.refer.request'),
          type: 'radios',
          options: ['foi', 'eir', 'subject-access'].map((r) => [r, requestName(ctx, r)] as [string, string]),
        },
        { name: 'note', label: t('informationReview.refer.note'), type: 'textarea', hint: t('informationReview.refer.noteHint') },
      ],
      submit: async (v) => (await send('/information-review', { request: v.request, note: v.note }), t('informationReview.refer.done', { reference: c.reference })),
    });
  }
  if (underReview(c) && ctx.has('legal-governance')) {
    if (!c.informationReview!.extension) {
      actions.push({
        id: 'review-extension',
        title: t('informationReview.extend.title'),
        button: t('informationReview.extend.button'),
        fields: [
          { name: 'workingDays', label: t('informationReview.extend.workingDays'), type: 'number', hint: t('informationReview.extend.workingDaysHint', { most: ctx.config.informationRequestReview.maxWorkingDays - ctx.config.informationRequestReview.workingDays }) },
          { name: 'reason', label: t('informationReview.extend.reason'), type: 'textarea' },
        ],
        submit: async (v) => (await send('/information-review/extension', { workingDays: Number(v.workingDays), reason: v.reason }), t('informationReview.extend.done')),
      });
    }
    actions.push({
      id: 'review-outcome',
      title: t('informationReview.decide.title'),
      button: t('informationReview.decide.button'),
      fields: [
        decisionField(t),
        { name: 'response', label: t('informationReview.decide.response'), type: 'textarea' },
        { name: 'lessonsLearned', label: t('actions.outcome.lessonsLearned'), type: 'textarea' },
      ],
      submit: async (v) => (await send('/information-review/outcome', { decision: v.decision, response: v.response, lessonsLearned: v.lessonsLearned }), t('informationReview.decide.closed', { reference: c.reference })),
    });
  }
  return actions;
}

/** Legal & Governance's home: the reviews, open first by deadline, then the decided ones. */
export function reviewsTable(ctx: Console, rows: ReviewRow[], caption: string): TemplateResult {
  const { t } = ctx;
  if (rows.length === 0) return html`<p class="govuk-body">${t('table.none')}</p>`;
  return html`<table class="govuk-table" data-information-reviews>
    <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">${caption}</caption>
    <thead class="govuk-table__head"><tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">${t('table.reference')}</th>
      <th scope="col" class="govuk-table__header">${t('table.summary')}</th>
      <th scope="col" class="govuk-table__header">${t('informationReview.request')}</th>
      <th scope="col" class="govuk-table__header">${t('informationReview.deadline')}</th>
    </tr></thead>
    <tbody class="govuk-table__body">
      ${rows.map((c) => {
        const r = c.informationReview!;
        return html`<tr class="govuk-table__row" data-case=${c.reference}>
          <td class="govuk-table__cell"><a class="govuk-link app-nowrap" href="/staff/cases/${c.reference}" data-nav>${c.reference}</a></td>
          <td class="govuk-table__cell">${c.summary}</td>
          <td class="govuk-table__cell">${requestName(ctx, r.request)}</td>
          <td class="govuk-table__cell">${c.status === 'open' ? html`${day(r.deadline)}<br /><span class="govuk-body-s ${c.overdue ? 'app-overdue' : ''}">${daysLeftWords(t, workingDaysLeft(ctx.config, r.deadline))}</span>` : t('informationReview.decidedAs', { decision: decisionName(t, r.decision ?? '') })}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
