import { formatReference, newCase, receivedEvent, type Channel } from './case';
import type { Policy } from './policy';
import { startWorkflow, type Receipt, type StartWorkflowDeps } from './start-workflow';
import { parseSubmission } from './submission';

export type ReceiveDeps = StartWorkflowDeps;
export type { Receipt };

/** Step 1 and 2 of the procedure: log the submission at once with a reference and an acknowledgement deadline. */
export async function receiveSubmission(body: unknown, d: ReceiveDeps, channel: Channel = 'web'): Promise<Receipt> {
  const receivedAt = d.now();
  const today = d.calendar.londonDate(receivedAt);
  const { submission, isBot } = parseSubmission(body, d.policy, today);
  const acknowledgeBy = d.calendar.deadline(receivedAt, d.policy.acknowledgeWithinWorkingDays);
  const year = Number(today.slice(0, 4));
  if (isBot) return decoyReceipt(d.policy, year, submission.kind, receivedAt, acknowledgeBy);

  const stored = await d.cases.createWithNextReference(year, (sequence) => {
    const c = newCase(submission, {
      reference: formatReference(d.policy.referencePrefix, year, sequence),
      receivedAt,
      receivedOn: today,
      acknowledgeBy,
      channel,
    });
    return { case: c, event: receivedEvent(c, { type: 'public' }) };
  });
  await startWorkflow(stored, d);
  return {
    reference: stored.reference,
    kind: stored.kind,
    receivedAt: stored.receivedAt,
    acknowledgeBy: stored.acknowledgeBy,
  };
}

/**
 * The answer a bot gets when it fills the honeypot: shaped like a real receipt so it learns nothing,
 * but nothing is stored and the number is far beyond any real sequence.
 */
function decoyReceipt(policy: Policy, year: number, kind: Receipt['kind'], receivedAt: Date, acknowledgeBy: Date): Receipt {
  const sequence = 90_000 + ((receivedAt.getTime() / 1000) % 9_999 | 0);
  return {
    reference: formatReference(policy.referencePrefix, year, sequence),
    kind,
    receivedAt: receivedAt.toISOString(),
    acknowledgeBy: acknowledgeBy.toISOString(),
  };
}
