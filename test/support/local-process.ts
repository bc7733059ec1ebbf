import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { freePort } from './ports';

/**
 * `npm start` and the other local CLIs as a user runs them: their own processes, settings from the
 * environment. A test file calls `afterAll(cleanUp)` to kill what is left and remove its data dirs.
 */

/**
 * Node's own flags to run a TypeScript file, as `npm start` does: tsx as a loader in the one process,
 * not tsx's CLI, whose parent process relays Ctrl-C and SIGKILLs the child (exit 130) when the child
 * has not answered the relay within 30 ms, which a busy machine easily misses.
 */
export const RUN_TS = ['--import', 'tsx'];

export interface Started {
  child: ChildProcess;
  output: () => string;
  ports: { PORT: number; DYNAMODB_PORT: number; SES_PORT: number };
}

const running: ChildProcess[] = [];
const dirs: string[] = [];

export function cleanUp(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** A fresh, empty directory, removed by cleanUp. */
export function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fire-complaints-'));
  dirs.push(dir);
  return dir;
}

/**
 * Starts `npm start` (local/start.ts) and resolves once it says it is running. In the `bundles`
 * project it runs as `LOCAL_HANDLERS=bundles npm start`: synthesizing, then running the bundles.
 */
export async function start(env: Record<string, string>, ports?: Started['ports']): Promise<Started> {
  const p = ports ?? { PORT: await freePort(), DYNAMODB_PORT: await freePort(), SES_PORT: await freePort() };
  const handlers = inject('bundles') ? { LOCAL_HANDLERS: 'bundles' } : {};
  const child = spawn(process.execPath, [...RUN_TS, 'local/start.ts'], {
    env: { ...process.env, ...handlers, ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])), ...env },
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
  // In the `bundles` project, a stack that quietly ran the sources would prove nothing.
  if (handlers.LOCAL_HANDLERS && !/Handlers +the bundles CDK uploads/.test(out)) throw new Error(`npm start did not run the bundles:\n${out}`);
  return { child, output: () => out, ports: p };
}

export async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Ctrl-C, and the exit code. */
export async function stop(s: Started): Promise<number | null> {
  s.child.kill('SIGINT');
  return exitOf(s.child);
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Runs a script under tsx to its end: exit code, stdout and stderr apart, and both together. */
export async function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string; output: string }> {
  const child = spawn(process.execPath, [...RUN_TS, script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout!.on('data', (c: Buffer) => ((stdout += c.toString()), (output += c.toString())));
  child.stderr!.on('data', (c: Buffer) => ((stderr += c.toString()), (output += c.toString())));
  // 'close', not 'exit': stdout may still hold data when the process has exited.
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  return { code, stdout, stderr, output };
}

/** `npm start` run to its end (for starts that must fail). */
export async function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { code, output } = await runScript('local/start.ts', [], env);
  return { code, output };
}
