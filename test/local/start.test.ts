import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-case-repository';
import { defaultPolicy } from '../../functions/domain/policy';
import { cleanUp, dataDir, portOpen, runToExit, start, stop } from '../support/local-process';
import { aComplaint } from '../support/mothers';
import { freePort } from '../support/ports';
import { post } from '../support/stack';

/** `npm start` as a user runs it: its own process, settings from the environment. */
afterAll(cleanUp);

describe('npm start', { timeout: 120_000 }, () => {
  it('prints its URLs, keeps cases across a restart, and stops cleanly on Ctrl-C', async () => {
    const DATA_DIR = dataDir();
    const first = await start({ DATA_DIR });
    const api = `http://127.0.0.1:${first.ports.PORT}`;
    expect(first.output()).toContain(`${api}/api/health`);
    expect(first.output()).toMatch(new RegExp(`Public form +${api}/ `));
    expect(first.output()).toMatch(new RegExp(`Staff console +${api}/staff/ `));
    expect(first.output()).toContain(`http://127.0.0.1:${first.ports.SES_PORT}/`);
    // The printed addresses answer: the start page and the console's page.
    expect((await fetch(`${api}/`)).status).toBe(200);
    expect((await fetch(`${api}/staff/`)).status).toBe(200);
    // How to get a staff token for this very stack (its port and data directory), and who to be.
    expect(first.output()).toContain(`${api}/local/issuer`);
    expect(first.output()).toContain(`PORT=${first.ports.PORT} DATA_DIR=${DATA_DIR} npm run -s token -- admin-manager`);
    expect(first.output()).toMatch(/functional-head: operations-head, operations-deputy, prevention-head/);
    // The schedules run by the clock (local/scheduler.ts), each with its next run in UTC.
    expect(first.output()).toMatch(/Schedules +DailyTimescaleMonitor \(next \d{4}-\d{2}-\d{2}T0[67]:00:00\.000Z\)/);
    expect((await fetch(`${api}/api/health`)).status).toBe(200);
    const one = await post(`${api}/api/public/submissions`, aComplaint());
    expect(one.status).toBe(201);

    expect(await stop(first)).toBe(0);
    // Nothing left behind: DynamoDB Local (a Java child) and both servers are gone.
    for (const port of Object.values(first.ports)) expect(await portOpen(port)).toBe(false);

    const second = await start({ DATA_DIR }, first.ports);
    const two = await post(`${api}/api/public/submissions`, aComplaint());
    expect(two.status).toBe(201);
    const [, year, n1] = one.json.reference.split('-');
    expect(two.json.reference).toBe(`CC-${year}-${String(Number(n1) + 1).padStart(5, '0')}`);
    // The first case itself is still stored (asked of DynamoDB Local directly).
    const doc = documentClient(
      new DynamoDBClient({ endpoint: `http://127.0.0.1:${first.ports.DYNAMODB_PORT}`, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    const kept = await doc.send(new GetCommand({ TableName: 'fire-complaints', Key: { pk: `CASE#${one.json.reference}`, sk: 'CASE' } }));
    expect(kept.Item?.summary).toBe(aComplaint().summary);
    expect(await stop(second)).toBe(0);
  });

  it('runs two stacks side by side with different ports and data directories', async () => {
    const [a, b] = await Promise.all([start({ DATA_DIR: dataDir() }), start({ DATA_DIR: dataDir() })]);
    const [ra, rb] = await Promise.all([
      post(`http://127.0.0.1:${a.ports.PORT}/api/public/submissions`, aComplaint()),
      post(`http://127.0.0.1:${b.ports.PORT}/api/public/submissions`, aComplaint()),
    ]);
    // Each has its own table: both took the first number of the year.
    expect(ra.json.reference).toMatch(/-00001$/);
    expect(rb.json.reference).toMatch(/-00001$/);
    expect(await Promise.all([stop(a), stop(b)])).toEqual([0, 0]);
  });

  it('says in one line how to install Java when it is missing', async () => {
    const { code, output } = await runToExit({ PATH: '/nonexistent', DATA_DIR: dataDir(), PORT: String(await freePort()) });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(/Java 17.*apt-get install -y openjdk-17-jre-headless/);
  });

  it('refuses an invalid policy at start, naming the field', async () => {
    const policy = { ...structuredClone(defaultPolicy), acknowledgeWithinWorkingDays: 0 };
    const { code, output } = await runToExit({ POLICY: JSON.stringify(policy), DATA_DIR: dataDir() });
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid policy: acknowledgeWithinWorkingDays/);
  });

  it('refuses a malformed port setting', async () => {
    const { code, output } = await runToExit({ PORT: 'eighty' });
    expect(code).toBe(2);
    expect(output).toMatch(/PORT/);
  });
});
