import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-case-repository';
import { defaultPolicy } from '../../functions/domain/policy';
import { demoUsers } from '../../local/demo-users';
import { issuerUrlFor, localGatewayUrl, readSigningKey, signAccessToken } from '../../local/issuer';
import { call } from '../support/http';
import { mailTo } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { cleanUp, dataDir, start, stop, type Started } from '../support/local-process';
import { post } from '../support/stack';
import { settled, timeline, workflowItem } from '../support/workflow';

afterAll(cleanUp);

/** The table of a running `npm start`, read directly. */
function storeOf(s: Started) {
  return {
    doc: documentClient(new DynamoDBClient({ endpoint: `http://127.0.0.1:${s.ports.DYNAMODB_PORT}`, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })),
    tableName: 'fire-complaints',
  };
}

/** When (wall clock, ms) the case's stage deadline moved it on, waiting for that to happen. */
async function escalatedAt(store: ReturnType<typeof storeOf>, reference: string, timeoutMs = 120_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const escalated = (await timeline(store, reference)).find((e) => e.type === 'stage-escalated');
    if (escalated) return Date.parse(escalated.at);
    if (Date.now() > until) throw new Error(`${reference} never moved on`);
    await sleep(100);
  }
}

/** The local engine keeps executions in memory: `npm start` must pick every open case up again. */
describe('restarting npm start', { timeout: 300_000 }, () => {
  it("resumes an open complaint's workflow at its stage and deadline, so a later outcome still closes it", async () => {
    const DATA_DIR = dataDir();
    const first = await start({ DATA_DIR });
    const api = localGatewayUrl(first.ports.PORT);
    const reference = (await post(`${api}/api/public/submissions`, aComplaint({ function: 'operations' }))).json.reference as string;
    const store = storeOf(first);
    const before = await settled(store, reference);
    expect(await stop(first)).toBe(0);

    const second = await start({ DATA_DIR }, first.ports);
    expect(second.output()).toMatch(/1 open case workflow\(s\) resumed/);
    // The resumed workflow does not acknowledge twice; it arms a new wait on the case as it stands.
    const resumed = await settled(store, reference);
    expect(resumed.version).toBe(before.version);

    const key = (await readSigningKey(DATA_DIR))!;
    const head = demoUsers(defaultPolicy).find((u) => u.id === 'operations-head')!;
    const token = await signAccessToken(key, { issuer: issuerUrlFor(api), user: head });
    const outcome = await call(api, 'POST', `/api/cases/${reference}/outcome`, {
      token,
      body: { expectedVersion: resumed.version, result: 'resolved', decision: 'upheld', response: 'We are sorry.' },
    });
    expect(outcome.status).toBe(200);
    expect(outcome.json.workflow).toEqual({ signalled: true });
    const mailbox = `http://127.0.0.1:${first.ports.SES_PORT}`;
    await mailTo(mailbox, { subject: `Our response to your complaint ${reference}`, to: 'ann@example.com' });
    const acks = await fetch(`${mailbox}/store`).then(async (r) => ((await r.json()) as { emails: Array<{ subject: string }> }).emails);
    expect(acks.filter((m) => m.subject.includes(`received your complaint: reference ${reference}`))).toHaveLength(0); // new mailbox, and no second acknowledgement
    expect(await stop(second)).toBe(0);
  });

  it('keeps what is left of each scaled stage: one that ran out while it was down moves on at once, one still running at its own time', async () => {
    // A working day of waiting lasts 9 s, so a 10-day stage lasts 90 s: room for a restart of up to
    // about 70 s (a CDK synth with bundling, in the bundles project, on a busy CI machine).
    const STAGE_MS = 90_000;
    const DATA_DIR = dataDir();
    const env = { DATA_DIR, LOCAL_WORKING_DAY_SECONDS: '9' };
    const first = await start(env);
    const api = localGatewayUrl(first.ports.PORT);
    const store = storeOf(first);
    /** Submits a complaint and says when (wall clock) its stage 1 wait was first armed. */
    const submitted = async () => {
      const reference = (await post(`${api}/api/public/submissions`, aComplaint({ function: 'operations' }))).json.reference as string;
      await settled(store, reference);
      return { reference, armedAt: Date.parse((await workflowItem(store, reference))!.scaledClock.wall) };
    };
    const late = await submitted();
    // The restart must fit between the first's stage running out and the second's (75 s less the 2 s below).
    await sleep(Math.max(0, late.armedAt + 75_000 - Date.now()));
    const onTime = await submitted();
    expect(await stop(first)).toBe(0);
    // Down until the first complaint's scaled stage has run out; the second's has about 73 s left.
    await sleep(Math.max(0, late.armedAt + STAGE_MS + 2_000 - Date.now()));

    const second = await start(env, first.ports);
    const ready = Date.now();
    expect(second.output()).toMatch(/2 open case workflow\(s\) resumed/);
    expect(onTime.armedAt + STAGE_MS, 'the restart took so long that the second stage ran out too').toBeGreaterThan(ready);
    const lateMoved = await escalatedAt(store, late.reference);
    const onTimeMoved = await escalatedAt(store, onTime.reference);
    // Without the kept clock, each would wait a whole scaled stage again from the restart: the
    // bounds are halfway between that and the right time, and the right time is never early.
    expect(lateMoved).toBeLessThan(ready + STAGE_MS / 2);
    expect(onTimeMoved).toBeGreaterThanOrEqual(onTime.armedAt + STAGE_MS - 1_000);
    expect(onTimeMoved).toBeLessThan((onTime.armedAt + STAGE_MS + ready + STAGE_MS) / 2);
    expect(await stop(second)).toBe(0);
  });
});
