import { html, nothing, render, type TemplateResult } from 'lit-html';
// Keyed by action: after a change the forms offered differ, and a form must not open because the one drawn in its place was.
import { repeat } from 'lit-html/directives/repeat.js';
import type { Console, View } from '../main';
import { channelName, contactName, dateTime, day, daysLeftWords, closureName, decisionName, functionName, stageName, taskWords, workingDaysLeft } from '../format';
import { consultationSection, decideAction, type ConsultationView } from './consultation';
import { eventDetail } from '../timeline';
import { adminTaskActions } from './admin-tasks';
import { reviewActions, reviewSection, underReview, type InformationReviewView } from './information-review';
import { actionForm, decisionField, successBanner, type Action } from './parts';
import type { Texts } from '../texts';

/** One case: its details, the person's contact preference and support needs, the stage, and the whole timeline; then what the signed-in person may do. */

interface Person {
  id: string;
  name: string;
}
interface DirectoryView {
  functions: Array<{ id: string; name: string; head: Person; deputy: Person }>;
  dutyOfficer: Person;
  customerRelationsOfficer: Person;
}
interface TimelineEvent {
  at: string;
  type: string;
  actor: { type: string; id?: string };
  data: Record<string, unknown>;
}
interface CaseView {
  reference: string;
  kind: string;
  status: string;
  stage: number | null;
  owner: string | null;
  channel: string;
  receivedAt: string;
  deadline: string | null;
  function?: string;
  category?: string;
  summary: string;
  details: string;
  incidentDate?: string;
  location?: string;
  urgent: boolean;
  customer: { name?: string; email?: string; phone?: string; address?: string; preferredContact: string; accessibilityNeeds?: string; anonymous: boolean };
  tasks?: Array<{ type: string; due: string; note?: string }>;
  acknowledgedAt?: string;
  draftFindings: Array<{ findings: string; comments?: { text: string } }>;
  outcome?: { decision: string; response: string };
  closure?: string;
  /** When its personal data was removed under the retention policy (the fields are then empty or absent). */
  anonymisedAt?: string;
  /** A forwarded consultation comment: its consultation and the Administration Manager's decision. */
  consultation?: ConsultationView;
  /** A complaint about an information request, referred to Legal & Governance. */
  informationReview?: InformationReviewView;
  version: number;
  timeline: TimelineEvent[];
}

const OWNER_ROLES = ['functional-head', 'duty-officer', 'cro'];
/** The message of an action that succeeded, shown once the case is read again. */
const SUCCESS = 'fire-complaints.success';
/** An event's words (the locale's `events` section), or its type as it is when the locale has none for it. */
const eventWords = (t: Texts, type: string) => (t.has(`events.${type}`) ? t(`events.${type}`) : type);

/** A category's name from the policy, or its id as it is (a category the policy no longer lists). */
const categoryName = (ctx: Console, id: string | undefined) => (id ? (ctx.config.complaintCategories.find((k) => k.id === id)?.name ?? id) : undefined);

const actor = ({ t, nameOf }: Console, a: TimelineEvent['actor']) =>
  a.type === 'staff' && a.id ? nameOf(a.id) : a.type === 'public' ? t('case.actors.public') : t('case.actors.workflow');

function row(key: string, value: TemplateResult | string | undefined) {
  return html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value app-own-words">${value || '—'}</dd></div>`;
}

function actionsFor(ctx: Console, c: CaseView, directory: DirectoryView | undefined): Action[] {
  const { me, t } = ctx;
  const send = async (path: string, body: unknown, method = 'POST') => {
    await ctx.api(method, `/api/cases/${c.reference}${path}`, { body, version: c.version });
  };
  const open = c.status === 'open';
  const complaint = c.kind === 'complaint';
  const owns = c.owner === me.id && OWNER_ROLES.some((r) => ctx.has(r));
  const admin = ctx.has('admin-manager');
  const people = directory
    ? [
        ...directory.functions.flatMap((f) => [
          [f.head.id, t('case.people.head', { name: f.head.name, function: f.name })] as [string, string],
          [f.deputy.id, t('case.people.deputy', { name: f.deputy.name, function: f.name })] as [string, string],
        ]),
        [directory.dutyOfficer.id, t('case.people.dutyOfficer', { name: directory.dutyOfficer.name })] as [string, string],
        [directory.customerRelationsOfficer.id, t('case.people.cro', { name: directory.customerRelationsOfficer.name })] as [string, string],
      ].filter(([id]) => id !== c.owner)
    : [];
  const actions: Action[] = [];
  // A consultation comment awaiting the decision: the decision (and its details) is all there is to do.
  const awaiting = Boolean(c.consultation && !c.consultation.decision);
  if (awaiting && admin) actions.push(decideAction(ctx, c.reference, send));
  // Under Legal & Governance's review no stage runs: the review's own actions replace the stage's.
  const reviewing = underReview(c);
  const held = awaiting || reviewing;
  if (reviewing) actions.push(...reviewActions(ctx, c, send));
  // Before anything else the Administration Manager may do: what their tasks ask.
  actions.push(...adminTaskActions(ctx, c, send));
  if (open && complaint && (admin || owns) && !held) {
    actions.push({
      id: 'assign',
      title: c.owner ? t('actions.assign.titleTransfer') : t('actions.assign.title'),
      button: c.owner ? t('actions.assign.buttonTransfer') : t('actions.assign.button'),
      fields: [
        { name: 'owner', label: t('actions.assign.owner'), type: 'select', options: [['', c.stage ? t('actions.assign.chooseSomeone') : t('actions.assign.letProcedureChoose')], ...people] },
        { name: 'reason', label: t('actions.assign.reason'), type: 'text' },
      ],
      submit: async (v) => {
        await send('/owner', { owner: v.owner, reason: v.reason });
        return v.owner ? t('actions.assign.nowWith', { reference: c.reference, owner: ctx.nameOf(v.owner) }) : t('actions.assign.hasOwner', { reference: c.reference });
      },
    });
  }
  if (open && complaint && owns && c.stage) {
    actions.push(
      {
        id: 'draft',
        title: t('actions.draft.title'),
        button: t('actions.draft.button'),
        fields: [{ name: 'findings', label: t('actions.draft.findings'), type: 'textarea', hint: t('actions.draft.findingsHint') }],
        submit: async (v) => (await send('/draft-findings', { findings: v.findings }), t('actions.draft.done')),
      },
      {
        id: 'extend',
        title: t('actions.extend.title'),
        button: t('actions.extend.button'),
        fields: [
          { name: 'workingDays', label: t('actions.extend.workingDays'), type: 'number' },
          { name: 'reason', label: t('actions.extend.reason'), type: 'textarea' },
        ],
        submit: async (v) => (await send('/extension', { workingDays: Number(v.workingDays), reason: v.reason }), t('actions.extend.done')),
      },
      {
        id: 'outcome',
        title: t('actions.outcome.title'),
        button: t('actions.outcome.button'),
        fields: [
          {
            name: 'result',
            label: t('actions.outcome.result'),
            type: 'radios',
            options: [
              ['resolved', t('actions.outcome.resolved')],
              ['further-action', t('actions.outcome.furtherAction')],
            ],
          },
          decisionField(t),
          { name: 'response', label: t('actions.outcome.response'), type: 'textarea' },
          { name: 'remedy', label: t('actions.outcome.remedy'), type: 'textarea' },
          { name: 'lessonsLearned', label: t('actions.outcome.lessonsLearned'), type: 'textarea' },
          { name: 'reason', label: t('actions.outcome.reason'), type: 'textarea' },
        ],
        submit: async (v) => {
          const body = v.result === 'further-action' ? { result: v.result, reason: v.reason } : { result: v.result, decision: v.decision, response: v.response, remedy: v.remedy, lessonsLearned: v.lessonsLearned };
          await send('/outcome', body);
          return v.result === 'resolved' ? t('actions.outcome.closed', { reference: c.reference }) : t('actions.outcome.movesOn');
        },
      },
    );
  }
  if (open && complaint && (admin || owns) && !held && c.draftFindings.some((d) => !d.comments)) {
    actions.push({
      id: 'comments',
      title: t('actions.comments.title'),
      button: t('actions.comments.button'),
      fields: [
        { name: 'comments', label: t('actions.comments.comments'), type: 'textarea' },
        { name: 'receivedOn', label: t('actions.comments.receivedOn'), type: 'date' },
      ],
      submit: async (v) => (await send('/draft-findings/comments', { comments: v.comments, receivedOn: v.receivedOn }), t('actions.comments.done')),
    });
  }
  if (open && complaint && admin && !held) {
    actions.push({
      id: 'refer',
      title: t('actions.refer.title'),
      button: t('actions.refer.button'),
      fields: [{ name: 'reason', label: t('actions.refer.reason'), type: 'textarea' }],
      submit: async (v) => (await send('/referral', { reason: v.reason }), t('actions.refer.done')),
    });
  }
  if (!reviewing) actions.push(...reviewActions(ctx, c, send));
  if (complaint && ctx.has('cro')) {
    actions.push({
      id: 'ombudsman',
      title: t('actions.ombudsman.title'),
      button: t('actions.ombudsman.button'),
      fields: [
        { name: 'enquiryReceivedOn', label: t('actions.ombudsman.receivedOn'), type: 'date' },
        { name: 'ombudsmanReference', label: t('actions.ombudsman.reference'), type: 'text' },
        { name: 'findings', label: t('actions.ombudsman.findings'), type: 'textarea' },
        { name: 'recommendations', label: t('actions.ombudsman.recommendations'), type: 'textarea' },
      ],
      submit: async (v) => (await send('/ombudsman', v), t('actions.ombudsman.done')),
    });
  }
  if (complaint && (admin || owns) && !awaiting) {
    const categories = ctx.config.complaintCategories.filter((k) => k.id !== c.category).map((k) => [k.id, k.name] as [string, string]);
    actions.push({
      id: 'category',
      title: t('actions.category.title'),
      button: t('actions.category.button'),
      fields: [{ name: 'category', label: t('actions.category.category'), type: 'select', options: [['', t('actions.category.choose')], ...categories] }],
      submit: async (v) => (await send('/category', { category: v.category }), t('actions.category.done', { category: categoryName(ctx, v.category) ?? '' })),
    });
  }
  // Once its personal data is removed, nobody writes personal details on the case again.
  if (admin && !c.anonymisedAt) {
    actions.push({
      id: 'details',
      title: t('actions.details.title'),
      button: t('actions.details.button'),
      fields: [
        { name: 'location', label: t('actions.details.location'), type: 'text' },
        { name: 'function', label: t('actions.details.function'), type: 'select', options: [['', t('actions.details.leaveAsItIs')], ...ctx.config.functions.map((f) => [f.id, f.name] as [string, string])] },
        { name: 'phone', label: t('actions.details.phone'), type: 'text' },
      ],
      submit: async (v) => (await send('', { ...v, expectedVersion: c.version }, 'PATCH'), t('actions.details.done')),
    });
  }
  return actions;
}

/** What the case is about and who the customer is, while the case keeps them. */
function personalData({ t }: Console, c: CaseView): TemplateResult {
  return html`
    <h2 class="govuk-heading-m">${t('case.about')}</h2>
    <dl class="govuk-summary-list">
      ${row(t('case.summary'), c.summary)} ${row(t('case.details'), c.details)} ${row(t('case.when'), day(c.incidentDate))} ${row(t('case.where'), c.location)}
    </dl>
    <h2 class="govuk-heading-m">${t('case.customer')}</h2>
    <dl class="govuk-summary-list">
      ${row(t('case.name'), c.customer.anonymous ? t('case.anonymous') : c.customer.name)}
      ${row(t('case.prefers'), contactName(t, c.customer.preferredContact))}
      ${row(t('case.email'), c.customer.email)} ${row(t('case.telephone'), c.customer.phone)} ${row(t('case.address'), c.customer.address)}
      ${row(t('case.supportNeeds'), c.customer.accessibilityNeeds)}
    </dl>`;
}

/** Once the retention policy removed the personal data: that it was removed and when, instead of empty fields; what is kept. */
function removed({ t }: Console, c: CaseView, at: string): TemplateResult {
  return html`
    <h2 class="govuk-heading-m">${t('case.personalDataRemoved')}</h2>
    <div class="govuk-inset-text" data-personal-data-removed>${t('case.personalDataRemovedOn', { date: day(at) })}</div>
    <dl class="govuk-summary-list">${row(t('case.when'), day(c.incidentDate))} ${row(t('case.prefers'), contactName(t, c.customer.preferredContact))}</dl>`;
}

export async function casePage(ctx: Console, reference: string): Promise<View> {
  const { t } = ctx;
  const [{ data: c }, directory] = await Promise.all([
    ctx.api<CaseView>('GET', `/api/cases/${encodeURIComponent(reference)}`),
    ctx.api<DirectoryView>('GET', '/api/directory').then((r) => r.data).catch(() => undefined),
  ]);
  const actions = actionsFor(ctx, c, directory);
  const states = new Map<string, { error?: Error; conflict?: boolean }>();
  let success: string | undefined;
  const left = workingDaysLeft(ctx.config, c.deadline);

  const body = (): TemplateResult => html`
    ${successBanner(t, success)}
    <span class="govuk-caption-l">${t('case.caption', { kind: c.kind === 'complaint' ? t('kinds.complaint') : t('kinds.compliment'), channel: channelName(t, c.channel), date: dateTime(c.receivedAt) })}</span>
    <h1 class="govuk-heading-l" tabindex="-1">${c.reference}</h1>
    ${c.urgent ? html`<strong class="govuk-tag govuk-tag--red">${t('case.urgent')}</strong>` : nothing}
    <h2 class="govuk-heading-m">${t('case.standing')}</h2>
    <dl class="govuk-summary-list" data-standing>
      ${row(t('case.status'), c.status === 'closed' ? t('case.closed', { closure: closureName(t, c.closure ?? '') }) : t('case.open'))}
      ${row(t('case.stage'), underReview(c) ? t('informationReview.stage') : stageName(t, ctx.config, c.stage))}
      ${row(t('case.owner'), c.owner ? ctx.nameOf(c.owner) : underReview(c) ? t('informationReview.team') : c.status === 'open' ? t('case.noOwner') : undefined)}
      ${row(t('case.nextDeadline'), c.deadline ? t('case.deadline', { date: day(c.deadline), left: daysLeftWords(t, left) }) : undefined)}
      ${row(t('case.function'), functionName(t, ctx.config, c.function))}
      ${c.kind === 'complaint' ? row(t('case.category'), categoryName(ctx, c.category) ?? t('case.noCategory')) : nothing}
      ${(c.tasks ?? []).length
        ? row(t('case.tasks'), html`${c.tasks!.map((task) => html`${taskWords(t, task)}<br />`)}`)
        : nothing}
      ${c.outcome ? row(t('case.outcome'), c.anonymisedAt ? decisionName(t, c.outcome.decision) : t('case.outcomeText', { decision: decisionName(t, c.outcome.decision), response: c.outcome.response })) : nothing}
    </dl>
    ${consultationSection(ctx, c)}
    ${reviewSection(ctx, c)}
    ${c.anonymisedAt ? removed(ctx, c, c.anonymisedAt) : personalData(ctx, c)}
    ${actions.length
      ? html`<h2 class="govuk-heading-m">${t('case.whatYouCanDo')}</h2>
          ${repeat(actions, (a) => a.id, (a) =>
            actionForm(ctx, a, states.get(a.id) ?? {}, (s) => {
              if (s.success) {
                sessionStorage.setItem(SUCCESS, s.success);
                ctx.refresh();
                return;
              }
              states.set(a.id, s);
              redraw();
              document.querySelector<HTMLElement>(`[data-action="${a.id}"] .govuk-error-summary`)?.focus();
            }),
          )}`
      : html`<p class="govuk-body" data-no-actions>${t('case.readOnly')}</p>`}
    <h2 class="govuk-heading-m">${t('case.timeline')}</h2>
    <ol class="govuk-list" data-timeline>
      ${[...c.timeline]
        .reverse()
        .map((e) => {
          const said = { event: html`<strong>${eventWords(t, e.type)}</strong>`, actor: actor(ctx, e.actor), at: dateTime(e.at) };
          const detail = eventDetail(ctx, e.type, e.data ?? {});
          return html`<li class="app-timeline__item">${detail ? t.parts('case.timelineDetail', { ...said, detail }) : t.parts('case.timelineItem', said)}</li>`;
        })}
    </ol>
  `;
  const redraw = () => render(body(), document.getElementById('app')!);
  // After an action the page is read again; the banner carries over and takes focus.
  const pending = sessionStorage.getItem(SUCCESS);
  if (pending) {
    success = pending;
    sessionStorage.removeItem(SUCCESS);
    setTimeout(() => document.querySelector<HTMLElement>('[data-success]')?.focus(), 0);
  }
  return { title: c.reference, body: body() };
}
