import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, BUNDLE_LIMIT_BYTES, BUNDLE_LIMIT_EXCEPTIONS, BUNDLE_LIMIT_HEADROOM_BYTES, bundleLimitBytes, lambdaEntries, type Bundle } from '../../bench/bundles';
import { functions } from '../../functions/config/routes';
import { jobs } from '../../functions/config/schedules';
import { complaintWorkflow } from '../../functions/config/workflow';
import { defaultPolicy } from '../../functions/domain/policy';
import { bundlingWithPolicy } from '../../infra/constructs/house-function';

/*
 * Every Lambda function, bundled by esbuild with the options the CDK app gives NodejsFunction
 * (bundlingOptions with the policy built in, translated by the same code the bench uses), stays
 * lean: under the size limit, and without the libraries that only the build needs.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const options = bundlingWithPolicy(defaultPolicy);
const entries = lambdaEntries(functions, complaintWorkflow, jobs);
const bundles = new Map<string, Bundle>();
let outRoot = '';

beforeAll(async () => {
  outRoot = mkdtempSync(join(tmpdir(), 'fire-complaints-bundle-size-'));
  const built = await Promise.all(
    entries.map(async ({ name, handler }) => [name, await bundle(options, join(root, 'functions', handler), join(outRoot, name), root)] as const),
  );
  for (const [name, b] of built) bundles.set(name, b);
});

afterAll(() => {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
});

const largest = (b: Bundle) => b.parts.slice(0, 8).map(([part, bytes]) => `${part.replace(root, '')} ${(bytes / 1024).toFixed(1)} KB`).join(', ');

describe('function bundles', () => {
  it('cover every function of the API, the workflow and the scheduled jobs', () => {
    expect(entries.map((e) => e.name)).toEqual([...Object.keys(functions), complaintWorkflow.stepsFunction.name, ...Object.keys(jobs)]);
  });

  it.each(entries.map((e) => [e.name, bundleLimitBytes(e.name) / 1024]))('%s is at most %i KB minified', (name) => {
    const b = bundles.get(name)!;
    expect(b.size.bytes, `${name} is ${(b.size.bytes / 1024).toFixed(1)} KB; largest parts: ${largest(b)}`).toBeLessThanOrEqual(bundleLimitBytes(name));
  });

  it('holds every function to 300 KB but for exceptions of real functions, each with its reason and more room than 300 KB', () => {
    expect(BUNDLE_LIMIT_BYTES).toBe(300 * 1024);
    const names = entries.map((e) => e.name);
    for (const [name, { bytes, why }] of Object.entries(BUNDLE_LIMIT_EXCEPTIONS)) {
      expect(names, `the exception for ${name}`).toContain(name);
      expect(bytes, name).toBeGreaterThan(BUNDLE_LIMIT_BYTES);
      expect(why.length, name).toBeGreaterThan(20);
    }
    // The functions that carry no SDK client beyond DynamoDB's, or none, keep to the limit itself.
    expect(bundleLimitBytes('Health')).toBe(BUNDLE_LIMIT_BYTES);
    expect(bundleLimitBytes('OpenApi')).toBe(BUNDLE_LIMIT_BYTES);
    expect(bundleLimitBytes('Retention')).toBe(BUNDLE_LIMIT_BYTES);
  });

  // An exception follows its function down: when a function sheds code (or the SDK fixes what it
  // cannot tree-shake), the exception is lowered, or removed once the function is within 300 KB.
  it.each(Object.keys(BUNDLE_LIMIT_EXCEPTIONS))('the exception for %s leaves at most 16 KB of room above its measured size', (name) => {
    const measured = bundles.get(name)?.size.bytes ?? 0;
    const room = BUNDLE_LIMIT_EXCEPTIONS[name]!.bytes - measured;
    expect(BUNDLE_LIMIT_HEADROOM_BYTES).toBe(16 * 1024);
    expect(room, `${name} measures ${(measured / 1024).toFixed(1)} KB; lower its exception in bench/bundles.ts (or remove it under 300 KB)`).toBeLessThanOrEqual(BUNDLE_LIMIT_HEADROOM_BYTES);
  });

  it.each(entries.map((e) => e.name))('%s carries neither date-holidays (nor its time zones and astronomy) nor zod locales but English', (name) => {
    const b = bundles.get(name)!;
    const buildOnly = /^(date-holidays|date-holidays-parser|moment|moment-timezone|astronomia|caldate|date-chinese|date-easter|date-bengali-revised)$/;
    expect(b.parts.map(([part]) => part).filter((part) => buildOnly.test(part))).toEqual([]);
    expect(b.inputs.filter((input) => /zod\/v4\/locales\/(?!en\.js$)/.test(input))).toEqual([]);
  });

  /** Which functions may carry each client or library: each handler imports only what it uses. */
  const onlyIn: Array<[RegExp, string[]]> = [
    [/^@aws-sdk\/client-sesv2$/, [complaintWorkflow.stepsFunction.name, ...Object.entries(jobs).filter(([, job]) => job.mail).map(([name]) => name)]],
    // The functions workflow.ts lets start or signal executions, and the steps function (which signals its own).
    [/^@aws-sdk\/client-sfn$/, [...complaintWorkflow.startedBy, ...complaintWorkflow.signalledBy, complaintWorkflow.stepsFunction.name]],
    [/^@aws-lambda-powertools\/(idempotency|jmespath)$/, ['SubmitPublic']],
    // The credential chain beyond the environment (functions/adapters/lambda-credentials.ts).
    [/^@aws-sdk\/(nested-clients|credential-provider-(node|ini|sso|process|web-identity|http|login))$|^@smithy\/credential-provider-imds$/, []],
  ];

  it.each(entries.map((e) => e.name))('%s carries only the clients and libraries it uses', (name) => {
    const parts = bundles.get(name)!.parts.map(([part]) => part);
    for (const [library, allowed] of onlyIn) {
      if (!allowed.includes(name)) expect(parts.filter((part) => library.test(part)), `${library} in ${name}`).toEqual([]);
    }
  });
});
