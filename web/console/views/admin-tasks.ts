import type { Console } from '../main';
import { contactName, taskName, taskWords } from '../format';
import type { Action } from './parts';

/**
 * The Administration Manager's tasks done by hand, on the case page: recording an acknowledgement
 * made by letter, telephone or an email sent by hand (the task to acknowledge then ends), and
 * marking a task the workflow gave as done once it is handled.
 */

/** The tasks the API lets staff mark done (TASKS_DONE_BY_HAND): the others end by what they ask for. */
const DONE_BY_HAND = ['email-failed', 'workflow-stopped'];
/** Ways an acknowledgement is made by hand, the customer's preferred way first. */
const WAYS = ['letter', 'phone', 'email'];

export interface TaskCase {
  reference: string;
  kind: string;
  acknowledgedAt?: string;
  customer: { preferredContact: string };
  tasks?: Array<{ type: string; due: string; note?: string; key?: string }>;
  consultation?: { decision?: unknown };
}

export function adminTaskActions(ctx: Console, c: TaskCase, send: (path: string, body: unknown) => Promise<void>): Action[] {
  const { t } = ctx;
  if (!ctx.has('admin-manager')) return [];
  const actions: Action[] = [];
  const awaiting = Boolean(c.consultation && !c.consultation.decision);
  if (c.kind === 'complaint' && !c.acknowledgedAt && !awaiting) {
    const ways = [...WAYS].sort((a, b) => Number(b === c.customer.preferredContact) - Number(a === c.customer.preferredContact));
    actions.push({
      id: 'acknowledge',
      title: t('actions.acknowledge.title'),
      button: t('actions.acknowledge.button'),
      fields: [
        { name: 'via', label: t('actions.acknowledge.via'), type: 'radios', options: ways.map((w) => [w, contactName(t, w)]) },
        { name: 'acknowledgedOn', label: t('actions.acknowledge.on'), type: 'date', hint: t('actions.acknowledge.onHint') },
      ],
      submit: async (v) => (await send('/acknowledgement', { via: v.via, acknowledgedOn: v.acknowledgedOn }), t('actions.acknowledge.done', { reference: c.reference })),
    });
  }
  // Each task by its key where it has one (a case may have several of a type: one per letter), in the words the case lists it with.
  const doable = (c.tasks ?? []).filter((task) => DONE_BY_HAND.includes(task.type));
  const choice = (task: (typeof doable)[number]) => task.key ?? task.type;
  if (doable.length) {
    actions.push({
      id: 'task-done',
      title: t('actions.taskDone.title'),
      button: t('actions.taskDone.button'),
      fields: [
        {
          name: 'task',
          label: t('actions.taskDone.task'),
          type: 'radios',
          options: doable.map((task) => [choice(task), taskWords(t, task)]),
        },
      ],
      submit: async (v) => {
        const task = doable.find((x) => choice(x) === v.task);
        // Nothing chosen: the API says which field is missing.
        await send('/task-done', task ? { task: task.type, ...(task.key ? { key: task.key } : {}) } : {});
        return t('actions.taskDone.done', { task: task ? taskName(t, task.type) : '' });
      },
    });
  }
  return actions;
}
