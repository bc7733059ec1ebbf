import type { Case } from './case';
import { caseFacts, caseStaffEmail, dateInWords, dateTimeInWords, stageName, type Person } from './emails';
import type { EmailMessage } from './mail';
import type { Policy } from './policy';
import type { Messages } from './texts';

/**
 * What the workflow tells staff about a case (DESIGN.md §2): a compliment for the function's Head,
 * an urgent submission for the Duty Officer, a stage for its new owner, a task or a move to the next
 * stage for the Administration Manager. Each carries the case's facts; built as every staff email
 * is (emails.ts, escaped by construction); the subject holds only the reference and a stage number.
 */

/** A compliment for a function goes to its Head. */
export function complimentNotice(c: Case, policy: Policy, texts: Messages, head: Person): EmailMessage {
  return caseStaffEmail(c, head, policy, texts, (w, ref) => ({
    subject: w.subject('complimentNotice.subject', { reference: ref }),
    blocks: [w.p('complimentNotice.passOn', { organisation: policy.organisation.name }), ...caseFacts(c, policy, w)],
  }));
}

/** An urgent submission (potential danger to the public): the Duty Officer, at once. */
export function urgentNotice(c: Case, policy: Policy, texts: Messages, dutyOfficer: Person): EmailMessage {
  return caseStaffEmail(c, dutyOfficer, policy, texts, (w, ref) => ({
    subject: w.subject('urgentNotice.subject', { reference: ref }),
    blocks: [
      w.p('urgentNotice.received', { actNow: { strong: w.say('urgentNotice.actNow') }, receivedAt: dateTimeInWords(c.receivedAt) }),
      { list: [w.parts('urgentNotice.keepSafe'), w.parts('urgentNotice.contact'), w.parts('urgentNotice.record', { reference: ref })] },
      ...caseFacts(c, policy, w),
    ],
  }));
}

/** Stages 1 to 3: the new owner of a stage. */
export function stageOwnerNotice(c: Case, policy: Policy, texts: Messages, input: { stage: number; owner: Person; deadline: string }): EmailMessage {
  const stage = input.stage;
  return caseStaffEmail(c, input.owner, policy, texts, (w, ref) => ({
    subject: w.subject('stageOwnerNotice.subject', { stage, reference: ref }),
    blocks: [
      w.p('stageOwnerNotice.owner', {
        stage,
        reference: { strong: ref },
        stageName: stageName(policy, w, stage),
        deadline: { strong: dateInWords(input.deadline) },
      }),
      { list: ['contact', 'draftFindings', 'outcome', 'extend', 'passOn'].map((key) => w.parts(`stageOwnerNotice.${key}`)) },
      ...caseFacts(c, policy, w, [
        [w.say('facts.stage'), stageName(policy, w, stage)],
        [w.say('facts.deadline'), dateInWords(input.deadline)],
      ]),
    ],
  }));
}

/** The tasks the Administration Manager is emailed about, each with its words (`emails.adminTask.<task>`). */
export const ADMIN_TASKS = ['acknowledge-by-letter', 'acknowledge-by-phone', 'acknowledgement-email-failed', 'assign-owner', 'closing-letter'] as const;
export type AdminTask = (typeof ADMIN_TASKS)[number];

/** A task for the Administration Manager. */
export function adminTask(c: Case, policy: Policy, texts: Messages, admin: Person, input: { task: AdminTask; due: string }): EmailMessage {
  return caseStaffEmail(c, admin, policy, texts, (w, ref) => ({
    subject: w.subject(`adminTask.${input.task}.subject`, { reference: ref }),
    blocks: [w.p(`adminTask.${input.task}.what`, { reference: ref }), w.p('adminTask.dueBy', { due: { strong: dateInWords(input.due) } }), ...caseFacts(c, policy, w)],
  }));
}

/** The case moved on to the next stage. */
export function escalationNotice(
  c: Case,
  policy: Policy,
  texts: Messages,
  admin: Person,
  input: { fromStage: number; toStage: number; why: 'deadline' | 'further-action'; deadline: string },
): EmailMessage {
  return caseStaffEmail(c, admin, policy, texts, (w, ref) => ({
    subject: w.subject('escalationNotice.subject', { reference: ref, toStage: input.toStage }),
    blocks: [
      w.p(`escalationNotice.moved.${input.why}`, {
        reference: { strong: ref },
        fromStage: input.fromStage,
        toStage: input.toStage,
        stageName: stageName(policy, w, input.toStage),
        deadline: { strong: dateInWords(input.deadline) },
      }),
      w.p('escalationNotice.monitor'),
      ...caseFacts(c, policy, w),
    ],
  }));
}
