import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-case-repository';
import { defaultPolicy } from '../../functions/domain/policy';
import { demoUsers } from '../../local/demo-users';
import { issuerUrlFor, localGatewayUrl, readSigningKey, signAccessToken } from '../../local/issuer';
import { call } from '../support/http';
import { mailTo } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { cleanUp, dataDir, start, stop } from '../support/local-process';
import { post } from '../support/stack';
import { settled } from '../support/workflow';

afterAll(cleanUp);

/** The local engine keeps executions in memory: `npm start` must pick every open case up again. */
describe('restarting npm start', { timeout: 180_000 }, () => {
  it("resumes an open complaint's workflow at its stage and deadline, so a later outcome still closes it", async () => {
    const DATA_DIR = dataDir();
    const first = await start({ DATA_DIR });
    const api = localGatewayUrl(first.ports.PORT);
    const reference = (await post(`${api}/api/public/submissions`, aComplaint({ function: 'operations' }))).json.reference as string;
    const store = {
      doc: documentClient(new DynamoDBClient({ endpoint: `http://127.0.0.1:${first.ports.DYNAMODB_PORT}`, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })),
      tableName: 'fire-complaints',
    };
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
});
