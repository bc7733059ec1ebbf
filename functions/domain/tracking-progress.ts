import { WorkingDayCalendar } from './calendar';
import { currentStage, isUnderReview, type Case, type Closure, type Decision, type InformationRequest } from './case';
import * as letters from './customer-letters';
import { informationReviewExtensionNotice, informationReviewLetter } from './information-review-emails';
import type { EmailMessage } from './mail';
import type { Policy } from './policy';
import type { Messages } from './texts';
import type { Tracked } from './tracking';

/**
 * What the private tracking page shows (DESIGN.md §1): where the case stands, as codes and dates,
 * never as sentences (the page's words are in its locale file). Built only from what the customer
 * was told or may be told: no staff id or name, no task, no note, no lessons learned, no internal
 * reasons, nobody else's data. The stage's investigator is a role, never a person.
 */
export interface Progress {
  reference: string;
  kind: 'complaint' | 'compliment';
  /** YYYY-MM-DD (Europe/London). */
  receivedOn: string;
  /** `reviewing`: Legal & Governance's review of how an information request was handled (information-review.ts). */
  state: 'received' | 'acknowledged' | 'investigating' | 'awaiting-owner' | 'reviewing' | 'closed';
  /** ISO instants. */
  acknowledgedAt?: string;
  acknowledgeBy: string;
  stage?: {
    number: number;
    of: number;
    name: string;
    investigator: Investigator;
    /** The function whose Functional Head investigates (stages owned by the case's own function only). */
    functionName?: string;
    dueBy: string;
    extended: boolean;
  };
  /** Each extension the customer was told of: a stage's (its number), or the review's (`stage` absent). */
  extensions: Array<{ stage?: number; from: string; to: string; reason: string; at: string }>;
  /** A review of how an information request was handled: the request, its deadline, its outcome once decided. */
  review?: { request: InformationRequest; dueBy: string; extended: boolean; outcome?: { decision: Decision; response: string; decidedAt: string } };
  /** How to reach the Information Commissioner, once the review is decided (closure `information-review`). */
  commissioner?: Contact;
  outcome?: { stage: number; decision: Decision; response: string; remedy?: string; decidedAt: string };
  closure?: { at: string; how: Closure };
  /** How to reach the Ombudsman, once every stage has run (closure `ombudsman-referral`). */
  ombudsman?: Contact;
  /** The latest draft findings shared with the customer. */
  draft?: { number: number; sharedAt: string; findings: string; comments?: { text: string; receivedOn: string }; canComment: boolean };
  /** The customer's letters that went out, as they read now, oldest first. */
  letters: ProgressLetter[];
}

export interface Contact {
  name: string;
  phone?: string;
  website?: string;
}

export type Investigator = 'functional-head' | 'another-functional-head' | 'cro' | 'duty-officer';
export type LetterKind = 'acknowledgement' | 'extension' | 'closing' | 'ombudsman' | 'thanks';

export interface ProgressLetter {
  id: string;
  kind: LetterKind;
  sentAt: string;
  subject: string;
  text: string;
}

function stageOf(t: Tracked, policy: Policy): Progress['stage'] {
  const c = t.case;
  const stage = currentStage(c);
  if (!stage) return undefined;
  // A policy changed since the case entered its stage may have fewer stages: the page still answers.
  const policyStage = policy.stages[stage.number - 1];
  const kind = policyStage?.owner ?? 'functional-head';
  const investigator: Investigator = kind === 'cro' ? 'cro' : c.owner === t.dutyOfficer ? 'duty-officer' : kind;
  const functionName = investigator === 'functional-head' ? policy.functions.find((f) => f.id === c.function)?.name : undefined;
  return {
    number: stage.number,
    of: policy.stages.length,
    name: policyStage?.name ?? `Stage ${stage.number}`,
    investigator,
    ...(functionName ? { functionName } : {}),
    dueBy: stage.deadline,
    extended: stage.extendedBy > 0,
  };
}

function stateOf(c: Case): Progress['state'] {
  if (c.status === 'closed') return 'closed';
  if (isUnderReview(c)) return 'reviewing';
  if (!currentStage(c)) return c.acknowledgedAt ? 'acknowledged' : 'received';
  return c.owner === null || c.referralRequested ? 'awaiting-owner' : 'investigating';
}

/**
 * Whether the case's latest draft findings are waiting for the customer's comments now: in the stage
 * they were shared in, still running (a closed case is in no stage).
 */
export function draftAwaitingComments(c: Case): boolean {
  const draft = c.draftFindings.at(-1);
  return draft !== undefined && draft.stage === c.stage && !draft.comments;
}

function draftOf(c: Case): Progress['draft'] {
  const draft = c.draftFindings.at(-1);
  if (!draft) return undefined;
  return {
    number: c.draftFindings.length,
    sharedAt: draft.sharedAt,
    findings: draft.findings,
    ...(draft.comments ? { comments: { text: draft.comments.text, receivedOn: draft.comments.receivedOn } } : {}),
    canComment: draftAwaitingComments(c),
  };
}

/** The events of an extension the customer is told of: a stage's, or the review's. */
const EXTENDED = new Set(['deadline-extended', 'information-review-extended']);

const contact = ({ name, phone, website }: Contact): Contact => ({ name, ...(phone ? { phone } : {}), ...(website ? { website } : {}) });

function reviewOf(c: Case): Progress['review'] {
  const r = c.informationReview;
  if (!r) return undefined;
  const o = r.outcome;
  return {
    request: r.request,
    dueBy: r.deadline,
    extended: r.extension !== undefined,
    ...(o ? { outcome: { decision: o.decision, response: o.response, decidedAt: o.decidedAt } } : {}),
  };
}

/** Each customer letter, by its id in the workflow state (workflow-steps.ts), rendered again from the case as it is now. */
function letterOf(id: string, t: Tracked, policy: Policy, texts: Messages): { kind: LetterKind; message: EmailMessage | null } | undefined {
  const c = t.case;
  if (id === 'ack') {
    const stageOneDeadline = WorkingDayCalendar.fromPolicy(policy).deadline(new Date(c.receivedAt), policy.stages[0]!.workingDays).toISOString();
    // Without the tracking link: the page is where the reader already is.
    return { kind: 'acknowledgement', message: letters.acknowledgement(c, policy, texts, { stageOneDeadline }) };
  }
  if (id === 'thanks') return { kind: 'thanks', message: letters.complimentThanks(c, policy, texts) };
  if (id === 'closing') {
    if (c.informationReview?.outcome) return { kind: 'closing', message: informationReviewLetter(c, policy, texts) };
    return c.outcome ? { kind: 'closing', message: letters.closingLetter(c, policy, texts) } : undefined;
  }
  if (id === 'ombudsman') return { kind: 'ombudsman', message: letters.ombudsmanLetter(c, policy, texts) };
  const extension = /^extension#(\d+)$/.exec(id);
  const event = extension && t.timeline.find((e) => EXTENDED.has(e.type) && e.version === Number(extension[1]));
  if (!event) return undefined;
  const input = { newDeadline: String(event.data.to), reason: String(event.data.reason) };
  // A review's extension named the Information Commissioner, a stage's the Ombudsman.
  if (event.type === 'information-review-extended' && c.informationReview) {
    return { kind: 'extension', message: informationReviewExtensionNotice(c, policy, texts, input) };
  }
  return { kind: 'extension', message: letters.extensionNotice(c, policy, texts, input) };
}

function lettersOf(t: Tracked, policy: Policy, texts: Messages): ProgressLetter[] {
  return Object.entries(t.letters)
    .filter(([, record]) => record.state === 'sent')
    .flatMap(([id, record]) => {
      const letter = letterOf(id, t, policy, texts);
      if (!letter?.message) return [];
      return [{ id, kind: letter.kind, sentAt: record.at, subject: letter.message.subject, text: letter.message.text }];
    })
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id));
}

/** Where the case stands; `texts` (the policy's language) write the letters as they were sent. */
export function progressOf(t: Tracked, policy: Policy, texts: Messages): Progress {
  const c = t.case;
  const stage = stageOf(t, policy);
  const draft = draftOf(c);
  const o = c.outcome;
  const extensions = t.timeline
    .filter((e) => EXTENDED.has(e.type))
    .map((e) => ({
      ...(e.type === 'deadline-extended' ? { stage: Number(e.data.stage) } : {}),
      from: String(e.data.from),
      to: String(e.data.to),
      reason: String(e.data.reason),
      at: e.at,
    }));
  const review = reviewOf(c);
  return {
    reference: c.reference,
    kind: c.kind,
    receivedOn: c.receivedOn,
    state: stateOf(c),
    ...(c.acknowledgedAt ? { acknowledgedAt: c.acknowledgedAt } : {}),
    acknowledgeBy: c.acknowledgeBy,
    ...(stage ? { stage } : {}),
    extensions,
    ...(o ? { outcome: { stage: o.stage, decision: o.decision, response: o.response, ...(o.remedy ? { remedy: o.remedy } : {}), decidedAt: o.decidedAt } } : {}),
    // A closed case always has both: close() sets them together.
    ...(c.closure ? { closure: { at: c.closedAt!, how: c.closure } } : {}),
    ...(review ? { review } : {}),
    ...(c.closure === 'ombudsman-referral' ? { ombudsman: contact(policy.ombudsman) } : {}),
    ...(c.closure === 'information-review' ? { commissioner: contact(policy.informationCommissioner) } : {}),
    ...(draft ? { draft } : {}),
    letters: lettersOf(t, policy, texts),
  };
}
