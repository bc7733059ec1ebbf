import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { functions } from '../../functions/config/routes';
import { WEB_FILES } from '../../functions/web/files';
import { localesCommands, webFilesCommands } from '../../infra/constructs/house-function';
import { FireComplaintsStack } from '../../infra/stack';

/*
 * The pages function reads its templates, texts and govuk-frontend's templates from beside its
 * index.mjs (functions/web/files.ts); the workflow steps read the texts alone, from the same place. The stack is synthesized with bundling, as `cdk synth` does,
 * and each function's code asset is looked at: the very folder CDK zips for Lambda.
 */

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const govukDist = path.join(repoRoot, 'node_modules', WEB_FILES.govukFrontend);

/** Every file under `dir`, relative to it, sorted. */
const filesUnder = (dir: string): string[] =>
  (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

let app: App;
let stack: FireComplaintsStack;

beforeAll(() => {
  app = new App();
  stack = new FireComplaintsStack(app, 'FireComplaints', { policy: readPolicy({}) });
  app.synth();
});

/** The asset folder of a function's code, found by the S3 key of its code in the template. */
function bundleDir(fn: IConstruct): string {
  const cfn = fn.node.defaultChild as CfnFunction;
  const code = Stack.of(fn).resolve(cfn.code) as { s3Key?: string };
  const hash = /^([0-9a-f]{64})\.zip$/.exec(code.s3Key ?? '')?.[1];
  expect(hash, fn.node.path).toBeDefined();
  const dir = path.join(app.outdir, `asset.${hash}`);
  expect(existsSync(path.join(dir, 'index.mjs')), dir).toBe(true);
  return dir;
}

describe("the pages function's bundle", () => {
  const pages = () => [...stack.api.functions.values()].filter((fn) => fn.webFiles);

  it('and the reports function are the only ones with web files (routes.ts: webFiles; the reports render a Nunjucks template)', () => {
    const named = Object.entries(functions).filter(([, f]) => 'webFiles' in f && f.webFiles).map(([name]) => name).sort();
    expect(named).toEqual(['PublicPages', 'Reports']);
    expect([...stack.api.functions].filter(([, fn]) => fn.webFiles).map(([name]) => name).sort()).toEqual(named);
  });

  it('carries the templates and the texts, file for file', () => {
    for (const fn of pages()) {
      const dir = bundleDir(fn);
      for (const folder of [WEB_FILES.templates, WEB_FILES.locales]) {
        expect(filesUnder(path.join(dir, folder)).length, folder).toBeGreaterThan(0);
        expect(filesUnder(path.join(dir, folder)), folder).toEqual(filesUnder(path.join(repoRoot, folder)));
      }
    }
  });

  it("carries every Nunjucks template of govuk-frontend, in its folders, and nothing else of it", () => {
    const templates = filesUnder(path.join(govukDist, 'govuk')).filter((f) => f.endsWith('.njk'));
    expect(templates).toContain('template.njk');
    for (const fn of pages()) {
      const copied = path.join(bundleDir(fn), WEB_FILES.govukFrontend);
      expect(existsSync(path.join(copied, 'govuk', 'template.njk'))).toBe(true);
      expect(filesUnder(copied)).toEqual(templates.map((f) => path.join('govuk', f)));
      expect(readFileSync(path.join(copied, 'govuk', 'template.njk'), 'utf8')).toBe(readFileSync(path.join(govukDist, 'govuk', 'template.njk'), 'utf8'));
    }
  });
});

describe("the workflow steps' bundle", () => {
  it('carries the texts, file for file, and nothing else of the web files (it writes the emails)', () => {
    const dir = bundleDir(stack.workflow.stepsFunction);
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map', path.dirname(WEB_FILES.locales)]);
    expect(readdirSync(path.join(dir, path.dirname(WEB_FILES.locales)))).toEqual([path.basename(WEB_FILES.locales)]);
    expect(filesUnder(path.join(dir, WEB_FILES.locales))).toContain('en-GB.json');
    expect(filesUnder(path.join(dir, WEB_FILES.locales))).toEqual(filesUnder(path.join(repoRoot, WEB_FILES.locales)));
  });
});

describe('the other bundles', () => {
  it('carry no web files: only the code and its source map', () => {
    const others: IConstruct[] = [...stack.api.functions.values()].filter((fn) => !fn.webFiles);
    expect(others.length).toBeGreaterThan(1);
    for (const fn of others) expect(readdirSync(bundleDir(fn)).sort(), fn.node.path).toEqual(['index.mjs', 'index.mjs.map']);
  });
});

describe('the copy commands', () => {
  let scratch = '';
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("copy into a folder whose name has spaces and a quote, as CDK's bundling runs them in bash", () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'web-files-'));
    const out = path.join(scratch, "it's a bundle");
    mkdirSync(out);
    execFileSync('bash', ['-c', webFilesCommands(repoRoot, out).join(' && ')]);
    expect(filesUnder(path.join(out, WEB_FILES.templates))).toEqual(filesUnder(path.join(repoRoot, WEB_FILES.templates)));
    expect(existsSync(path.join(out, WEB_FILES.govukFrontend, 'govuk', 'template.njk'))).toBe(true);
  });

  it('copy the texts alone into such a folder too', () => {
    scratch ||= mkdtempSync(path.join(tmpdir(), 'web-files-'));
    const out = path.join(scratch, "it's the steps");
    mkdirSync(out);
    execFileSync('bash', ['-c', localesCommands(repoRoot, out).join(' && ')]);
    expect(readdirSync(out)).toEqual([path.dirname(WEB_FILES.locales)]);
    expect(filesUnder(path.join(out, WEB_FILES.locales))).toEqual(filesUnder(path.join(repoRoot, WEB_FILES.locales)));
  });
});
