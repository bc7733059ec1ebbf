import type { Case } from './case';
import { contactList, customerEmail, dateInWords } from './emails';
import { InvalidStateError } from './errors';
import type { EmailMessage } from './mail';
import type { Policy } from './policy';
import type { Messages } from './texts';

/**
 * The customer's letters of an information-request review (information-review.ts): the extension,
 * with its reason, and the closing letter, each pointing to the Information Commissioner's Office
 * (the policy's `informationCommissioner`), not the Ombudsman. Built as every customer email is
 * (emails.ts, escaped by construction); the subject holds only the reference. Null when the
 * customer gave no email address (the workflow then gives the Administration Manager the letter).
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
