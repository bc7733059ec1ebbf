import type { Case } from './case';
import { contactList, customerEmail, dateInWords, functionName, type Block } from './emails';
import { InvalidStateError } from './errors';
import type { EmailMessage } from './mail';
import type { Policy } from './policy';
import type { Messages } from './texts';

/**
 * The customer's letters of the procedure (DESIGN.md §2): the acknowledgement, the thanks for a
 * compliment, an extension, the closing letter and the letter that opens the way to the Ombudsman.
 * Built as every customer email is (emails.ts: greeting, support, how to reach us and sign-off,
 * escaped by construction); the subject holds only the reference. Null when the customer gave no
 * email address (the caller turns that into a task: a letter or a call).
 */

/**
 * Step 2: the acknowledgement, with the reference and what happens next; with `trackingUrl`, the
 * private link to the case's progress page (only ever in this email: the case keeps its hash).
 */
export function acknowledgement(c: Case, policy: Policy, texts: Messages, input: { stageOneDeadline: string; trackingUrl?: string }): EmailMessage | null {
  const fn = functionName(c, policy);
  return customerEmail(c, policy, texts, (w, ref) => ({
    subject: w.subject('acknowledgement.subject', { reference: ref }),
    blocks: [
      w.p('acknowledgement.received', { organisation: policy.organisation.name, receivedOn: dateInWords(c.receivedOn), reference: { strong: ref } }),
      { quote: c.summary, label: w.say('acknowledgement.yourComplaint') },
      { heading: w.say('acknowledgement.nextHeading') },
      fn ? w.p('acknowledgement.passedOn', { function: fn }) : w.p('acknowledgement.passedOnFunctionUnknown'),
      w.p('acknowledgement.replyBy', { deadline: { strong: dateInWords(input.stageOneDeadline) } }),
      w.p('acknowledgement.draftFindings'),
      // The link on a line of its own, nothing after it, so no mail program takes punctuation into it.
      ...(input.trackingUrl ? [w.p('acknowledgement.tracking'), { p: [{ link: input.trackingUrl }] }, w.p('acknowledgement.trackingPrivate')] : []),
      w.p('acknowledgement.promise'),
    ],
  }));
}

/** Step 2 for a compliment: thank you. */
export function complimentThanks(c: Case, policy: Policy, texts: Messages): EmailMessage | null {
  const fn = functionName(c, policy);
  return customerEmail(c, policy, texts, (w, ref) => ({
    subject: w.subject('complimentThanks.subject', { reference: ref }),
    blocks: [
      w.p('complimentThanks.received', { organisation: policy.organisation.name, receivedOn: dateInWords(c.receivedOn), reference: { strong: ref } }),
      fn ? w.p('complimentThanks.passedOn', { function: fn }) : w.p('complimentThanks.passedOnFunctionUnknown'),
    ],
  }));
}

/** Throughout: an owner extended the deadline; tell the customer why and the new date. */
export function extensionNotice(c: Case, policy: Policy, texts: Messages, input: { newDeadline: string; reason: string }): EmailMessage | null {
  return customerEmail(c, policy, texts, (w, ref) => ({
    subject: w.subject('extensionNotice.subject', { reference: ref }),
    blocks: [
      w.p('extensionNotice.sorry', { reference: { strong: ref }, receivedOn: dateInWords(c.receivedOn) }),
      { quote: input.reason, label: w.say('extensionNotice.why') },
      w.p('extensionNotice.replyBy', { deadline: { strong: dateInWords(input.newDeadline) } }),
      // The Complaint Handling Code (6.5): a customer told of an extension is told of the Ombudsman too.
      w.p('extensionNotice.ombudsman', { ombudsman: policy.ombudsman.name }),
      contactList(policy.ombudsman, w),
    ],
  }));
}

/** Closure: the decision, the response, any apology or remedy, and how to take it further. */
export function closingLetter(c: Case, policy: Policy, texts: Messages): EmailMessage | null {
  const outcome = c.outcome;
  if (!outcome) throw new InvalidStateError(`${c.reference} has no outcome to write to the customer about`);
  const agreed = outcome.decision !== 'not-upheld';
  const laterStage = outcome.stage < policy.stages.length;
  return customerEmail(c, policy, texts, (w, ref) => {
    const blocks: Block[] = [
      w.p('closingLetter.decision', {
        reference: { strong: ref },
        receivedOn: dateInWords(c.receivedOn),
        decision: { strong: w.say(`closingLetter.decisions.${outcome.decision}`) },
      }),
      { quote: outcome.response, label: w.say('closingLetter.response') },
    ];
    if (agreed) {
      blocks.push(w.p(outcome.decision === 'upheld' ? 'closingLetter.upheld' : 'closingLetter.partlyUpheld'));
      if (outcome.remedy) blocks.push({ quote: outcome.remedy, label: w.say('closingLetter.remedy') });
    } else {
      blocks.push(w.p('closingLetter.notUpheld'));
    }
    blocks.push({ heading: w.say('closingLetter.notSatisfiedHeading') });
    blocks.push(w.p(`closingLetter.${laterStage ? 'askAgain' : 'lastStage'}.${outcome.decision === 'upheld' ? 'upheld' : 'otherwise'}`));
    blocks.push(w.p(laterStage ? 'closingLetter.ombudsmanAfterAskingAgain' : 'closingLetter.ombudsmanNow', { ombudsman: policy.ombudsman.name }));
    blocks.push(contactList(policy.ombudsman, w));
    return { subject: w.subject('closingLetter.subject', { reference: ref }), blocks };
  });
}

/** Step 11: every stage has run and the complaint is not resolved: the customer may go to the Ombudsman. */
export function ombudsmanLetter(c: Case, policy: Policy, texts: Messages): EmailMessage | null {
  return customerEmail(c, policy, texts, (w, ref) => ({
    subject: w.subject('ombudsmanLetter.subject', { reference: ref }),
    blocks: [
      w.p('ombudsmanLetter.sorry', { reference: { strong: ref }, receivedOn: dateInWords(c.receivedOn) }),
      w.p('ombudsmanLetter.yourRight', { ombudsman: policy.ombudsman.name, reference: { strong: ref } }),
      contactList(policy.ombudsman, w),
      w.p('ombudsmanLetter.workWith'),
    ],
  }));
}
