import { html, nothing, render, type TemplateResult } from 'lit-html';
import type { Console, View } from '../main';
import { dateTime, day, daysLeftWords, functionName, stageName, workingDaysLeft } from '../format';
import { actionForm, successBanner, type Action } from './parts';

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
  summary: string;
  details: string;
  incidentDate?: string;
  location?: string;
  urgent: boolean;
  customer: { name?: string; email?: string; phone?: string; address?: string; preferredContact: string; accessibilityNeeds?: string; anonymous: boolean };
  tasks?: Array<{ type: string; due: string; note?: string }>;
  draftFindings: Array<{ findings: string; comments?: { text: string } }>;
  outcome?: { decision: string; response: string };
  closure?: string;
  version: number;
  timeline: TimelineEvent[];
}

const OWNER_ROLES = ['functional-head', 'duty-officer', 'cro'];
/** The message of an action that succeeded, shown once the case is read again. */
const SUCCESS = 'fire-complaints.success';
const EVENT_WORDS: Record<string, string> = {
  received: 'Received',
  'details-updated': 'Details updated',
  'owner-assigned': 'Owner assigned',
  'owner-transferred': 'Transferred to another owner',
  'outcome-recorded': 'Outcome recorded',
  'deadline-extended': 'Deadline extended',
  'draft-findings-shared': 'Draft findings shared',
  'draft-comments-recorded': 'Comments on draft findings recorded',
  'referral-requested': 'Referral to the Customer Relations Officer requested',
  'referred-to-cro': 'Referred to the Customer Relations Officer',
  'ombudsman-recorded': 'Ombudsman enquiry recorded',
  acknowledged: 'Acknowledged',
  'task-created': 'Task for the Administration Manager',
  'stage-escalated': 'Moved to the next stage',
  'compliment-thanked': 'Compliment thanked',
  'tracking-link-issued': 'Private tracking link sent',
  'tracking-link-revoked': 'Private tracking link revoked',
};

const actor = (a: TimelineEvent['actor']) => (a.type === 'staff' ? a.id : a.type === 'public' ? 'the customer' : 'the workflow');

function row(key: string, value: TemplateResult | string | undefined) {
  return html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value app-own-words">${value || '—'}</dd></div>`;
}

function actionsFor(ctx: Console, c: CaseView, directory: DirectoryView | undefined): Action[] {
  const { me } = ctx;
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
          [f.head.id, `${f.head.name}: Head of ${f.name}`] as [string, string],
          [f.deputy.id, `${f.deputy.name}: Deputy, ${f.name}`] as [string, string],
        ]),
        [directory.dutyOfficer.id, `${directory.dutyOfficer.name}: Duty Officer`] as [string, string],
        [directory.customerRelationsOfficer.id, `${directory.customerRelationsOfficer.name}: Customer Relations Officer`] as [string, string],
      ].filter(([id]) => id !== c.owner)
    : [];
  const actions: Action[] = [];
  if (open && complaint && (admin || owns)) {
    actions.push({
      id: 'assign',
      title: c.owner ? 'Transfer to another owner' : 'Assign an owner',
      button: c.owner ? 'Transfer' : 'Assign',
      fields: [
        { name: 'owner', label: 'New owner', type: 'select', options: [['', c.stage ? 'Choose someone' : 'Let the procedure choose (the function’s Head, Deputy or Duty Officer)'], ...people] },
        { name: 'reason', label: 'Reason (optional)', type: 'text' },
      ],
      submit: async (v) => {
        await send('/owner', { owner: v.owner, reason: v.reason });
        return v.owner ? `${c.reference} is now with ${v.owner}` : `${c.reference} has an owner`;
      },
    });
  }
  if (open && complaint && owns && c.stage) {
    actions.push(
      {
        id: 'draft',
        title: 'Share draft findings with the customer',
        button: 'Share draft findings',
        fields: [{ name: 'findings', label: 'Draft findings', type: 'textarea', hint: 'The customer can read and answer these from their private tracking page' }],
        submit: async (v) => (await send('/draft-findings', { findings: v.findings }), 'Draft findings shared with the customer'),
      },
      {
        id: 'extend',
        title: 'Extend the deadline',
        button: 'Extend',
        fields: [
          { name: 'workingDays', label: 'By how many working days', type: 'number' },
          { name: 'reason', label: 'Why (the customer is told)', type: 'textarea' },
        ],
        submit: async (v) => (await send('/extension', { workingDays: Number(v.workingDays), reason: v.reason }), 'Deadline extended; the customer is told why'),
      },
      {
        id: 'outcome',
        title: 'Record the outcome of this stage',
        button: 'Record the outcome',
        fields: [
          { name: 'result', label: 'Result', type: 'radios', options: [['resolved', 'Resolved: close the complaint'], ['further-action', 'Further action needed: move to the next stage']] },
          { name: 'decision', label: 'Decision (if resolved)', type: 'radios', options: [['upheld', 'Upheld'], ['partly-upheld', 'Partly upheld'], ['not-upheld', 'Not upheld']] },
          { name: 'response', label: 'Response to the customer (if resolved)', type: 'textarea' },
          { name: 'remedy', label: 'Apology or remedy (optional)', type: 'textarea' },
          { name: 'lessonsLearned', label: 'Lessons learned (optional, staff only)', type: 'textarea' },
          { name: 'reason', label: 'Why more is needed (if further action)', type: 'textarea' },
        ],
        submit: async (v) => {
          const body = v.result === 'further-action' ? { result: v.result, reason: v.reason } : { result: v.result, decision: v.decision, response: v.response, remedy: v.remedy, lessonsLearned: v.lessonsLearned };
          await send('/outcome', body);
          return v.result === 'resolved' ? `Outcome recorded: ${c.reference} is closed` : 'Recorded: the complaint moves on';
        },
      },
    );
  }
  if (open && complaint && (admin || owns) && c.draftFindings.some((d) => !d.comments)) {
    actions.push({
      id: 'comments',
      title: 'Record the customer’s comments on the draft findings',
      button: 'Record comments',
      fields: [
        { name: 'comments', label: 'Their comments', type: 'textarea' },
        { name: 'receivedOn', label: 'Received on', type: 'date' },
      ],
      submit: async (v) => (await send('/draft-findings/comments', { comments: v.comments, receivedOn: v.receivedOn }), 'Comments recorded'),
    });
  }
  if (open && complaint && admin) {
    actions.push({
      id: 'refer',
      title: 'Refer to the Customer Relations Officer',
      button: 'Refer',
      fields: [{ name: 'reason', label: 'Why', type: 'textarea' }],
      submit: async (v) => (await send('/referral', { reason: v.reason }), 'Referred to the Customer Relations Officer'),
    });
  }
  if (complaint && ctx.has('cro')) {
    actions.push({
      id: 'ombudsman',
      title: 'Record an Ombudsman enquiry',
      button: 'Record',
      fields: [
        { name: 'enquiryReceivedOn', label: 'Enquiry received on', type: 'date' },
        { name: 'ombudsmanReference', label: 'Ombudsman’s reference', type: 'text' },
        { name: 'findings', label: 'Findings (optional)', type: 'textarea' },
        { name: 'recommendations', label: 'Recommendations (optional)', type: 'textarea' },
      ],
      submit: async (v) => (await send('/ombudsman', v), 'Ombudsman enquiry recorded'),
    });
  }
  if (admin) {
    actions.push({
      id: 'details',
      title: 'Update details',
      button: 'Update',
      fields: [
        { name: 'location', label: 'Where it happened', type: 'text' },
        { name: 'function', label: 'Part of the service', type: 'select', options: [['', 'Leave as it is'], ...ctx.config.functions.map((f) => [f.id, f.name] as [string, string])] },
        { name: 'phone', label: 'Telephone', type: 'text' },
      ],
      submit: async (v) => (await send('', { ...v, expectedVersion: c.version }, 'PATCH'), 'Details updated'),
    });
  }
  return actions;
}

export async function casePage(ctx: Console, reference: string): Promise<View> {
  const [{ data: c }, directory] = await Promise.all([
    ctx.api<CaseView>('GET', `/api/cases/${encodeURIComponent(reference)}`),
    ctx.api<DirectoryView>('GET', '/api/directory').then((r) => r.data).catch(() => undefined),
  ]);
  const actions = actionsFor(ctx, c, directory);
  const states = new Map<string, { error?: Error; conflict?: boolean }>();
  let success: string | undefined;
  const left = workingDaysLeft(ctx.config, c.deadline);

  const body = (): TemplateResult => html`
    ${successBanner(success)}
    <span class="govuk-caption-l">${c.kind === 'complaint' ? 'Complaint' : 'Compliment'} · ${c.channel} · received ${dateTime(c.receivedAt)}</span>
    <h1 class="govuk-heading-l" tabindex="-1">${c.reference}</h1>
    ${c.urgent ? html`<strong class="govuk-tag govuk-tag--red">Urgent: possible danger to the public</strong>` : nothing}
    <h2 class="govuk-heading-m">Where it stands</h2>
    <dl class="govuk-summary-list" data-standing>
      ${row('Status', c.status === 'closed' ? `Closed (${c.closure ?? ''})` : 'Open')}
      ${row('Stage', stageName(ctx.config, c.stage))}
      ${row('Owner', c.owner ?? 'No owner yet')}
      ${row('Next deadline', c.deadline ? `${day(c.deadline)} (${daysLeftWords(left)})` : undefined)}
      ${row('Part of the service', functionName(ctx.config, c.function))}
      ${(c.tasks ?? []).length ? row('Tasks', html`${c.tasks!.map((t) => html`${t.type} by ${day(t.due)}${t.note ? `: ${t.note}` : ''}<br />`)}`) : nothing}
      ${c.outcome ? row('Outcome', `${c.outcome.decision}: ${c.outcome.response}`) : nothing}
    </dl>
    <h2 class="govuk-heading-m">What it is about</h2>
    <dl class="govuk-summary-list">
      ${row('Summary', c.summary)} ${row('Details', c.details)} ${row('When', day(c.incidentDate))} ${row('Where', c.location)}
    </dl>
    <h2 class="govuk-heading-m">The customer</h2>
    <dl class="govuk-summary-list">
      ${row('Name', c.customer.anonymous ? 'Anonymous' : c.customer.name)}
      ${row('Prefers contact by', c.customer.preferredContact)}
      ${row('Email', c.customer.email)} ${row('Telephone', c.customer.phone)} ${row('Address', c.customer.address)}
      ${row('Support needs', c.customer.accessibilityNeeds)}
    </dl>
    ${actions.length
      ? html`<h2 class="govuk-heading-m">What you can do</h2>
          ${actions.map((a) =>
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
      : html`<p class="govuk-body" data-no-actions>You can read this case; there is nothing for you to change on it.</p>`}
    <h2 class="govuk-heading-m">Timeline</h2>
    <ol class="govuk-list" data-timeline>
      ${[...c.timeline].reverse().map((e) => html`<li class="app-timeline__item"><strong>${EVENT_WORDS[e.type] ?? e.type}</strong> by ${actor(e.actor)} · ${dateTime(e.at)}</li>`)}
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
