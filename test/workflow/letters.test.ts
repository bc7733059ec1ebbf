import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbWorkflowStateRepository } from '../../functions/adapters/dynamodb-case-repository';
import { call } from '../support/http';
import { mails, type Mail } from '../support/mailbox';
import { aComplaint, aCompliment } from '../support/mothers';
import { post, startTestStack } from '../support/stack';
import { finished, settled } from '../support/workflow';

/**
 * Each letter once, through the local stack: a member of staff changes the case at the very moment
 * an email goes out, so the step's own save meets a real version conflict (ConcurrentUpdateError)
 * and the state machine's Retry runs the step again. The mailbox must hold one copy.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const SERVER_REQUEST = 'http.server.request.start';
let stopWatching: (() => void) | undefined;
afterEach(() => stopWatching?.());

/**
 * Runs `action` once, when the SES stand-in (it serves in this process) has stored a message that
 * `matches` and before it answers the sender: after the email went out, before the step goes on.
 */
function whenMailGoesOut(matches: (m: Mail) => boolean, action: (m: Mail) => Promise<void>): Promise<Mail> {
  let fired = false;
  return new Promise<Mail>((resolve, reject) => {
    const onRequest = (message: unknown) => {
      const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
      if (fired || request.method !== 'POST' || !request.url?.startsWith('/v2/email/outbound-emails')) return;
      const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
      response.end = ((...args: unknown[]) => {
        void (async () => {
          const mail = (await mails(stack.mailboxUrl)).find(matches);
          if (mail && !fired) {
            fired = true;
            await action(mail);
            resolve(mail);
          }
        })()
          .catch(reject)
          .finally(() => end(...args));
        return response;
      }) as typeof response.end;
    };
    subscribe(SERVER_REQUEST, onRequest);
    stopWatching = () => unsubscribe(SERVER_REQUEST, onRequest);
  });
}

const referenceIn = (m: Mail) => /CC-\d{4}-\d{5}/.exec(m.subject)![0];

/** The Administration Manager corrects the case's location (a real change through the staff API). */
async function staffChange(reference: string) {
  const token = await stack.token('admin-manager');
  const { version } = (await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token })).json;
  const res = await call(stack.apiUrl, 'PATCH', `/api/cases/${reference}`, { token, body: { expectedVersion: version, location: 'Corrected by the Administration Manager' } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
}

async function view(reference: string) {
  return (await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token: await stack.token('ssm') })).json;
}

describe('a step whose save conflicts after its email went out', { timeout: 60_000 }, () => {
  it('is retried and acknowledges once', async () => {
    const email = 'ack-once@example.com';
    const conflicted = whenMailGoesOut(
      (m) => m.to.includes(email) && m.subject.startsWith('We have received your complaint'),
      (m) => staffChange(referenceIn(m)),
    );
    const reference = (await post(`${stack.apiUrl}/api/public/submissions`, aComplaint({ email, function: 'operations' }))).json.reference as string;
    expect(referenceIn(await conflicted)).toBe(reference);
    await settled(stack, reference);
    const c = await view(reference);
    expect(c.acknowledgedVia).toBe('email');
    // The link was issued as the letter was written; the staff change landed between the send and the step's
    // save, so the save conflicted and the step ran again.
    expect(c.timeline.map((e: { type: string }) => e.type)).toEqual(['received', 'tracking-link-issued', 'details-updated', 'acknowledged', 'owner-assigned']);
    const acks = (await mails(stack.mailboxUrl)).filter((m) => m.to.includes(email) && m.subject === `We have received your complaint: reference ${reference}`);
    expect(acks).toHaveLength(1);
  });

  it("is retried and thanks for a compliment, and tells the function's Head, once each", async () => {
    const email = 'thanks-once@example.com';
    const conflicted = whenMailGoesOut(
      (m) => m.to.includes('fleet-head@bedsfire.example') && m.subject.startsWith('Compliment received') && !!m.subject.match(/CC-/),
      (m) => staffChange(referenceIn(m)),
    );
    const reference = (await post(`${stack.apiUrl}/api/public/submissions`, aCompliment({ email, name: 'Grace', function: 'fleet' }))).json.reference as string;
    expect(referenceIn(await conflicted)).toBe(reference);
    expect(await finished(stack, reference)).toBe('SUCCEEDED');
    const c = await view(reference);
    expect(c).toMatchObject({ status: 'closed', closure: 'compliment-recorded', acknowledgedVia: 'email' });
    expect(c.timeline.map((e: { type: string }) => e.type)).toEqual(['received', 'details-updated', 'compliment-thanked']);
    const all = (await mails(stack.mailboxUrl)).filter((m) => m.subject.endsWith(reference));
    expect(all.filter((m) => m.to.includes(email))).toHaveLength(1);
    expect(all.filter((m) => m.to.includes('fleet-head@bedsfire.example'))).toHaveLength(1);
  });
});

describe('the claim on a letter, in DynamoDB', () => {
  it('is taken once, stays taken once sent, and can be given back only while it is being sent', async () => {
    const state = new DynamoDbWorkflowStateRepository(stack.doc, stack.tableName);
    const reference = 'CC-2026-99999';
    await state.update(reference, { notifiedStage: 1 });
    expect(await state.claimLetter(reference, 'ack', '2026-03-02T10:00:00.000Z')).toBeUndefined();
    expect(await state.claimLetter(reference, 'ack', '2026-03-02T10:00:01.000Z')).toEqual({ state: 'sending', at: '2026-03-02T10:00:00.000Z' });
    await state.releaseLetter(reference, 'ack');
    expect(await state.claimLetter(reference, 'ack', '2026-03-02T10:00:02.000Z')).toBeUndefined();
    await state.settleLetter(reference, 'ack', { state: 'sent', at: '2026-03-02T10:00:03.000Z' });
    await state.releaseLetter(reference, 'ack');
    expect(await state.claimLetter(reference, 'ack', '2026-03-02T10:00:04.000Z')).toEqual({ state: 'sent', at: '2026-03-02T10:00:03.000Z' });
    // Letters with ids of their own, and the rest of the state, side by side on the one item.
    expect(await state.claimLetter(reference, 'extension#7', '2026-03-02T10:00:05.000Z')).toBeUndefined();
    expect(await state.get(reference)).toEqual({
      notifiedStage: 1,
      letters: { ack: { state: 'sent', at: '2026-03-02T10:00:03.000Z' }, 'extension#7': { state: 'sending', at: '2026-03-02T10:00:05.000Z' } },
    });
  });
});
