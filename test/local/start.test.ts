import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-case-repository';
import { defaultPolicy } from '../../functions/domain/policy';
import { aComplaint } from '../support/mothers';
import { freePort } from '../support/ports';
import { post } from '../support/stack';

/** `npm start` as a user runs it: its own process, settings from the environment. */
const TSX_CLI = join(process.cwd(), 'node_modules/tsx/dist/cli.mjs');

interface Started {
  child: ChildProcess;
  output: () => string;
  ports: { PORT: number; DYNAMODB_PORT: number; SES_PORT: number };
}

const running: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fire-complaints-'));
  dirs.push(dir);
  return dir;
}

async function start(env: Record<string, string>, ports?: Started['ports']): Promise<Started> {
  const p = ports ?? { PORT: await freePort(), DYNAMODB_PORT: await freePort(), SES_PORT: await freePort() };
  const child = spawn(process.execPath, [TSX_CLI, 'local/start.ts'], {
    env: { ...process.env, ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearInterval(check);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
  return { child, output: () => out, ports: p };
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function stop(s: Started): Promise<number | null> {
  s.child.kill('SIGINT');
  return exitOf(s.child);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [TSX_CLI, 'local/start.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { code: await exitOf(child), output };
}

describe('npm start', { timeout: 120_000 }, () => {
  it('prints its URLs, keeps cases across a restart, and stops cleanly on Ctrl-C', async () => {
    const DATA_DIR = dataDir();
    const first = await start({ DATA_DIR });
    const api = `http://127.0.0.1:${first.ports.PORT}`;
    expect(first.output()).toContain(`${api}/api/health`);
    expect(first.output()).toContain(`http://127.0.0.1:${first.ports.SES_PORT}/`);
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
