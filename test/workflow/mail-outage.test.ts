import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { mailTo, mails } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { post, startTestStack } from '../support/stack';
import { settled } from '../support/workflow';

/** SES unreachable (the mail stand-in's port closed): retried with backoff, then never silence. */

let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

async function view(reference: string) {
  return (await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token: await stack.token('ssm') })).json;
}

describe('when SES cannot be reached', { timeout: 60_000 }, () => {
  it('retries the acknowledgement and sends it once SES is back', async () => {
    await stack.mailOutage.begin();
    const reference = (await post(`${stack.apiUrl}/api/public/submissions`, aComplaint())).json.reference as string;
    // The first attempt fails at once; the retry comes 2 s later.
    await sleep(1_000);
    expect((await view(reference)).acknowledgedAt).toBeUndefined();
    await stack.mailOutage.end();
    await mailTo(stack.mailboxUrl, { subject: `We have received your complaint: reference ${reference}`, to: 'ann@example.com' });
    await settled(stack, reference);
    const c = await view(reference);
    expect(c.acknowledgedVia).toBe('email');
    expect(c.tasks ?? []).toEqual([]);
  });

  it('flags the case and gives the Administration Manager the task when SES stays down', async () => {
    await stack.mailOutage.begin();
    let reference = '';
    try {
      reference = (await post(`${stack.apiUrl}/api/public/submissions`, aComplaint({ function: 'people' }))).json.reference as string;
      const until = Date.now() + 40_000;
      let c = await view(reference);
      while (!(c.tasks ?? []).some((t: { type: string }) => t.type === 'acknowledgement-email-failed') && Date.now() < until) {
        await sleep(250);
        c = await view(reference);
      }
      expect(c.tasks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'acknowledgement-email-failed', due: c.acknowledgeBy })]));
      expect(c.acknowledgedAt).toBeUndefined();
    } finally {
      await stack.mailOutage.end();
    }
    // The workflow carries on with stage 1; the customer got no acknowledgement by email.
    const all = await mails(stack.mailboxUrl);
    expect(all.filter((m) => m.subject.startsWith('We have received your complaint') && m.to.includes('ann@example.com') && m.subject.endsWith(reference))).toEqual([]);
  });
});
