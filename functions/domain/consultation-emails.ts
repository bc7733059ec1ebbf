import type { Case } from './case';
import { dateInWords, staffEmail, type Person } from './emails';
import type { EmailMessage } from './mail';
import type { Policy } from './policy';
import type { Messages } from './texts';

/**
 * The Consultation and Partnership Officer's notice of the Administration Manager's decision on a
 * forwarded consultation comment (service order section 2: "advise the Consultation and Partnership
 * Officer of the decision reached, so that ... the matter may be appropriately acknowledged as part
 * of the public consultation"). Built as every staff email is (emails.ts, escaped by construction);
 * the subject holds only the reference. Null for a case with no decision to tell.
 */
export function consultationDecisionNotice(c: Case, policy: Policy, texts: Messages, officer: Person): EmailMessage | null {
  const decision = c.consultation?.decision;
  if (!decision) return null;
  const consultation = c.consultation!.consultationType;
  return staffEmail(officer, policy, texts, (w) => ({
    subject: w.subject(decision.entered ? 'consultationDecision.subjectEntered' : 'consultationDecision.subjectNotEntered', { reference: c.reference }),
    blocks: [
      w.p('consultationDecision.comment', { reference: { strong: c.reference }, consultation, receivedOn: dateInWords(c.receivedOn) }),
      decision.entered
        ? w.p(c.kind === 'complaint' ? 'consultationDecision.enteredComplaint' : 'consultationDecision.enteredCompliment', { reference: { strong: c.reference } })
        : w.p('consultationDecision.notEntered'),
      ...(decision.reason ? [w.p('consultationDecision.reason', { reason: decision.reason })] : []),
      w.p('consultationDecision.acknowledge'),
    ],
  }));
}
