import type { Case } from './case';
import { caseFacts, caseStaffEmail, contactList, customerEmail, dateInWords, stageName, type Person } from './emails';
import { InvalidStateError } from './errors';
import type { EmailMessage } from './mail';
import type { Policy } from './policy';
import type { Messages } from './texts';

/**
 * The letters of an information-request review (information-review.ts). To the customer: the
 * extension, with its reason, and the closing letter, each pointing to the Information
 * Commissioner's Office (the policy's `informationCommissioner`), not the Ombudsman; null when the
 * customer gave no email address (the workflow then gives the Administration Manager the letter).
 * To staff, on the referral: Legal & Governance are asked to review it, and the owner of the stage
 * the referral ended is told they need do no more. Built as every email is (emails.ts, escaped by
 * construction); the subject holds only the reference.
 */

const requestName = (c: Case) => `informationReview.requests.${c.informationReview!.request}`;

/** The review needs more time: why, the new date, and that the ICO can be asked about the delay. */
export function informationReviewExtensionNotice(c: Case, policy: Policy, texts: Messages, input: { newDeadline: string; reason: string }): EmailMessage | null {
  if (!c.informationReview) throw new InvalidStateError(`${c.reference} is not under an information-request review`);
  return customerEmail(c, policy, texts, (w, reference) => ({
    subject: w.subject('informationReview.extensionSubject', { reference }),
    blocks: [
      w.p('informationReview.extensionSorry', { reference: { strong: reference }, request: w.say(requestName(c)) }),
      { quote: input.reason, label: w.say('informationReview.extensionWhy') },
      w.p('informationReview.extensionReplyBy', { deadline: { strong: dateInWords(input.newDeadline) } }),
      w.p('informationReview.commissionerDelay', { commissioner: policy.informationCommissioner.name }),
      contactList(policy.informationCommissioner, w),
    ],
  }));
}

/** The review's outcome: the decision, the response, and the way to the Information Commissioner. */
export function informationReviewLetter(c: Case, policy: Policy, texts: Messages): EmailMessage | null {
  const outcome = c.informationReview?.outcome;
  if (!outcome) throw new InvalidStateError(`${c.reference} has no review outcome to write to the customer about`);
  return customerEmail(c, policy, texts, (w, reference) => ({
    subject: w.subject('informationReview.closingSubject', { reference }),
    blocks: [
      w.p('informationReview.decision', {
        reference: { strong: reference },
        request: w.say(requestName(c)),
        decision: { strong: w.say(`closingLetter.decisions.${outcome.decision}`) },
      }),
      { quote: outcome.response, label: w.say('closingLetter.response') },
      w.p(outcome.decision === 'not-upheld' ? 'closingLetter.notUpheld' : outcome.decision === 'upheld' ? 'closingLetter.upheld' : 'closingLetter.partlyUpheld'),
      { heading: w.say('closingLetter.notSatisfiedHeading') },
      w.p('informationReview.commissionerNow', { commissioner: policy.informationCommissioner.name }),
      contactList(policy.informationCommissioner, w),
    ],
  }));
}

/** The referral, to Legal & Governance: what the complaint is about, by when, what they may do, and the case. */
export function informationReviewReferral(c: Case, policy: Policy, texts: Messages, team: Person): EmailMessage {
  const review = c.informationReview;
  if (!review) throw new InvalidStateError(`${c.reference} is not under an information-request review`);
  const { workingDays, maxWorkingDays } = policy.informationRequestReview;
  return caseStaffEmail(c, team, policy, texts, (w, reference) => ({
    subject: w.subject('informationReview.referral.subject', { reference }),
    blocks: [
      w.p('informationReview.referral.asked', {
        reference: { strong: reference },
        request: w.say(`informationReview.referral.requests.${review.request}`),
        deadline: { strong: dateInWords(review.deadline) },
        workingDays,
      }),
      ...(review.note ? [{ quote: review.note, label: w.say('informationReview.referral.note') }] : []),
      { list: [w.parts('informationReview.referral.independent'), w.parts('informationReview.referral.extend', { days: maxWorkingDays - workingDays, most: maxWorkingDays }), w.parts('informationReview.referral.decide', { commissioner: policy.informationCommissioner.name })] },
      ...caseFacts(c, policy, w, [[w.say('facts.deadline'), dateInWords(review.deadline)]]),
    ],
  }));
}

/** The referral, to the owner of the stage it ended: the complaint has gone to Legal & Governance, and their stage is over. */
export function stageEndedByReview(c: Case, policy: Policy, texts: Messages, input: { owner: Person; stage: number }): EmailMessage {
  const review = c.informationReview;
  if (!review) throw new InvalidStateError(`${c.reference} is not under an information-request review`);
  return caseStaffEmail(c, input.owner, policy, texts, (w, reference) => ({
    subject: w.subject('informationReview.stageEnded.subject', { reference }),
    blocks: [
      w.p('informationReview.stageEnded.referred', {
        reference: { strong: reference },
        request: w.say(`informationReview.referral.requests.${review.request}`),
        stageName: stageName(policy, w, input.stage),
      }),
      w.p('informationReview.stageEnded.nothingMore'),
    ],
  }));
}
