/**
 * The public pages: what a first visit downloads (gzip, as CloudFront sends it), and how long each
 * page takes on the server: rendering the template alone (in this process), and the whole request
 * through the local gateway (the handler, the form session's DynamoDB read and write, the render).
 * Prints figures only.
 */
import { gzipSync } from 'node:zlib';
import { readPolicy } from '../functions/config/policy-source';
import { decodeManifest } from '../functions/config/web-assets';
import { webFilesFrom } from '../functions/web/files';
import { createRenderer } from '../functions/web/render';
import { LIMITS } from '../functions/domain/submission';
import type { LocalStack } from '../local/stack';
import { FormClient } from '../test/support/form-client';
import { mailTo } from '../test/support/mailbox';
import { measure } from './measure';
import { printTable } from './table';

const RENDERS = 300;
const REQUESTS = 200;
const WARM_UP = 20;

const kb = (n: number) => (n / 1024).toFixed(1);
const ms = (n: number) => n.toFixed(2);

/** The HTML and every static file it references, each gzipped: a first visit with nothing cached. */
async function firstVisit(c: FormClient, path: string): Promise<{ html: number; assets: number; files: number }> {
  const page = await c.get(path);
  if (page.status !== 200) throw new Error(`GET ${path}: ${page.status}`);
  const files = [...page.html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  let assets = 0;
  for (const file of files) assets += gzipSync(Buffer.from(await (await fetch(new URL(file, c.base))).arrayBuffer())).length;
  return { html: gzipSync(page.html).length, assets, files: files.length };
}

const answers = {
  kind: 'complaint',
  urgent: 'no',
  summary: 'Fire engine blocked my driveway',
  details: 'The crew parked across my drive for two hours.\nI could not get to work.',
  function: 'operations',
  name: 'Ann Example',
  preferredContact: 'email',
  email: 'ann@example.com',
};

async function answered(base: string, through: string): Promise<FormClient> {
  const c = new FormClient(base);
  const pages: Array<[string, Record<string, string>]> = [
    ['/form/type', { kind: answers.kind }],
    ['/form/urgent', { urgent: answers.urgent }],
    ['/form/what-happened', { summary: answers.summary, details: answers.details }],
    ['/form/when-and-where', {}],
    ['/form/service', { function: answers.function }],
    ['/form/contact', { name: answers.name, preferredContact: answers.preferredContact, email: answers.email }],
    ['/form/support', {}],
  ];
  for (const [page, fields] of pages) {
    if (page === through) break;
    const r = await c.answerPage(page, fields);
    if (r.status !== 303) throw new Error(`${page}: ${r.status}`);
  }
  return c;
}

export async function printPages(stack: LocalStack): Promise<void> {
  const base = stack.apiUrl;

  // What a first visit downloads.
  const fresh = new FormClient(base);
  const start = await firstVisit(fresh, '/');
  const question = await firstVisit(new FormClient(base), '/form/type');
  console.log('\nPublic pages: a first visit, nothing cached, every file gzipped (KB)');
  printTable(
    ['page', 'HTML', 'static files', 'files', 'total'],
    [
      ['start page /', kb(start.html), kb(start.assets), String(start.files), kb(start.html + start.assets)],
      ['question /form/type', kb(question.html), kb(question.assets), String(question.files), kb(question.html + question.assets)],
    ],
  );

  // Rendering alone, in this process, with the same files and texts the function uses.
  const policy = readPolicy(process.env);
  const renderer = createRenderer({ files: webFilesFrom(new URL('../functions/web/pages.ts', import.meta.url).href), language: policy.language, policy, assets: decodeManifest(process.env.WEB_ASSETS ?? '') ?? {} });
  const common = { csrf: 'x'.repeat(43), errors: [], fieldErrors: {}, limits: LIMITS };
  const templates: Array<[string, string, Record<string, unknown>]> = [
    ['start', 'start.njk', { title: 'Start' }],
    ['type', 'questions/type.njk', { ...common, title: 'Type', answers: {} }],
    ['what-happened', 'questions/what-happened.njk', { ...common, title: 'What', answers }],
    ['contact', 'questions/contact.njk', { ...common, title: 'Contact', answers }],
    ['confirmation', 'confirmation.njk', { title: 'Done', receipt: { reference: 'CC-2026-00001', kind: 'complaint', acknowledgeBy: new Date().toISOString(), urgent: false, byEmail: true } }],
  ];
  const renders = new Map<string, Awaited<ReturnType<typeof measure>>>();
  for (const [name, template, context] of templates) {
    renderer.render(template, context); // compiles and caches the template, as the first request in a function does
    renders.set(name, await measure(1, RENDERS, async () => void renderer.render(template, context)));
  }

  // Whole requests through the gateway.
  const check = await answered(base, '/form/check-none');
  const whatHappened = await answered(base, '/form/what-happened');
  const sent = await answered(base, '/form/check-none');
  const receipt = await sent.answerPage('/form/check', {});
  if (receipt.status !== 303) throw new Error(`send: ${receipt.status}`);
  const reference = /data-reference>([^<]+)</.exec((await sent.get('/form/confirmation')).html)![1]!;
  const ack = await mailTo(stack.mailboxUrl, { subject: reference });
  const link = /http:\/\/\S+\/track\/[A-Za-z0-9_-]{43}/.exec(ack.text)?.[0];
  const requests: Array<[string, () => Promise<unknown>]> = [
    ['start', () => fresh.get('/')],
    ['type', () => new FormClient(base).get('/form/type')],
    ['what-happened', () => whatHappened.get('/form/what-happened')],
    ['check', () => check.get('/form/check')],
    ['confirmation', () => sent.get('/form/confirmation')],
    ...(link ? [['track', () => new FormClient(base).get(link)] as [string, () => Promise<unknown>]] : []),
  ];
  const timed = new Map<string, Awaited<ReturnType<typeof measure>>>();
  for (const [name, fn] of requests) {
    await measure(1, WARM_UP, async () => void (await fn()));
    timed.set(name, await measure(1, REQUESTS, async () => void (await fn())));
  }

  console.log(`\nPublic pages on the server (ms): the template alone, ${RENDERS} renders each; whole GET requests through the local gateway, ${REQUESTS} each after ${WARM_UP}`);
  console.log("type: a first visit, so each request also creates a form session; track: the tracking page of a real case (case, timeline, letters, directory)");
  const names = [...new Set([...renders.keys(), ...timed.keys()])];
  printTable(
    ['page', 'render p50', 'render p95', 'request p50', 'request p95', 'errors'],
    names.map((n) => {
      const r = renders.get(n);
      const t = timed.get(n);
      return [n, r ? ms(r.p50) : '', r ? ms(r.p95) : '', t ? ms(t.p50) : '', t ? ms(t.p95) : '', String((r?.failures ?? 0) + (t?.failures ?? 0))];
    }),
  );
}
