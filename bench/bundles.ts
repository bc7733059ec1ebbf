import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { CONSOLE_SIGN_IN_ENV } from '../functions/config/identity';
import { defaultPolicy } from '../functions/domain/policy';
import { synthesizeFunctions, type SynthesizedFunction } from '../local/bundles';
import { printTable } from './table';

/** The CDK options translated below. Any other one would be silently dropped, so it is refused instead. */
const TRANSLATED = new Set([
  'format',
  'target',
  'mainFields',
  'banner',
  'minify',
  'keepNames',
  'define',
  'sourceMap',
  'sourceMapMode',
  'sourcesContent',
  'bundleAwsSDK',
  'externalModules',
  'esbuildArgs',
  // Only what esbuild prints; the bench always asks for warnings.
  'logLevel',
]);

/** `esbuildArgs` entries this translator knows: `--alias:<module>` (esbuild's `alias`). */
function aliasesOf(args: BundlingOptions['esbuildArgs']): Record<string, string> | undefined {
  const entries = Object.entries(args ?? {});
  const unknown = entries.filter(([flag, value]) => !flag.startsWith('--alias:') || typeof value !== 'string');
  if (unknown.length) throw new Error(`bench/bundles.ts does not translate the esbuild argument(s) ${unknown.map(([k]) => k).join(', ')}`);
  return entries.length ? Object.fromEntries(entries.map(([flag, value]) => [flag.slice('--alias:'.length), value as string])) : undefined;
}

/**
 * CDK's NodejsFunction bundling options as esbuild API options, following the command line that
 * aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js builds (`esbuild --bundle <entry> --target=…
 * --platform=node --format=… --outfile=<out>/index.mjs …`, run in the project root).
 */
export function toEsbuildOptions(cdk: BundlingOptions, entry: string, outDir: string, projectRoot: string): BuildOptions {
  const untranslated = Object.entries(cdk).filter(([key, value]) => value !== undefined && !TRANSLATED.has(key));
  if (untranslated.length) {
    throw new Error(`bench/bundles.ts does not translate the CDK bundling option(s) ${untranslated.map(([k]) => k).join(', ')}`);
  }
  // Without these, CDK derives the value from the runtime or a feature flag, which the bench does not see.
  if (!cdk.target) throw new Error('bench/bundles.ts needs an explicit bundling target');
  if (!cdk.externalModules && !cdk.bundleAwsSDK) throw new Error('bench/bundles.ts needs bundleAwsSDK or explicit externalModules');

  const sourceMapMode = cdk.sourceMapMode ?? SourceMapMode.DEFAULT;
  const sourceMapOn = Boolean(cdk.sourceMapMode ?? cdk.sourceMap);
  return {
    entryPoints: [entry],
    bundle: true,
    absWorkingDir: projectRoot,
    outfile: join(outDir, cdk.format === OutputFormat.ESM ? 'index.mjs' : 'index.js'),
    platform: 'node',
    target: cdk.target,
    format: cdk.format,
    minify: cdk.minify ?? false,
    // `--keep-names` when set; CDK passes nothing otherwise (esbuild's default, false).
    keepNames: cdk.keepNames ?? false,
    // `--define:<key>=<value>`: the values are already expressions (JSON text for strings).
    define: cdk.define,
    // `--alias:<module>=<path>` from esbuildArgs, resolved from the project root as CDK runs it.
    alias: aliasesOf(cdk.esbuildArgs),
    // `--sourcemap` is esbuild's linked mode; other modes are passed as `--sourcemap=<mode>`.
    sourcemap: sourceMapOn ? (sourceMapMode === SourceMapMode.DEFAULT ? true : sourceMapMode) : false,
    sourcesContent: cdk.sourcesContent ?? true,
    // bundleAwsSDK means no default externals; explicit externalModules replace the default.
    external: [...(cdk.externalModules ?? [])],
    banner: cdk.banner ? { js: cdk.banner } : undefined,
    mainFields: cdk.mainFields,
    logLevel: 'warning',
  };
}

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
}

export interface Bundle {
  size: BundleSize;
  /** The code file's absolute path. */
  path: string;
  /** Bytes of the code file contributed by each package (or by each folder of our own code), largest first. */
  parts: [string, number][];
  /** Every source file with code in the bundle, as esbuild names it (relative to the project root). */
  inputs: string[];
}

/** Bundles one entry into `outDir` (written, so that it can be loaded) and measures it. */
export function bundle(cdk: BundlingOptions, entry: string, outDir: string, projectRoot: string): Promise<Bundle> {
  return buildAndMeasure(toEsbuildOptions(cdk, entry, outDir, projectRoot));
}

async function buildAndMeasure(options: BuildOptions): Promise<Bundle> {
  const result = await build({ ...options, metafile: true, logLevel: 'error' });
  const path = options.outfile!;
  const outputs = Object.entries(result.metafile.outputs);
  const code = outputs.find(([file]) => !file.endsWith('.map'));
  if (!code) throw new Error(`esbuild wrote no code file for ${String(options.entryPoints)}`);
  const map = outputs.find(([file]) => file.endsWith('.map'));
  const bytes = readFileSync(path);
  return {
    size: { file: basename(path), bytes: bytes.length, gzipBytes: gzipSync(bytes).length, mapBytes: map?.[1].bytes ?? 0 },
    path,
    parts: partsOf(code[1]),
    inputs: Object.entries(code[1].inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  };
}

/** Output bytes by npm package (node_modules/<name> or node_modules/@scope/name), else by source folder. */
export function partsOf(output: Metafile['outputs'][string]): [string, number][] {
  const parts = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    const key = pkg ?? input.replace(/\/[^/]*$/, '/');
    parts.set(key, (parts.get(key) ?? 0) + bytesInOutput);
  }
  return [...parts].sort((a, b) => b[1] - a[1]);
}

// ---------------------------------------------------------------------------------------------
// Every Lambda function of a source tree, and the options that tree bundles them with

export interface LambdaEntry {
  name: string;
  /** Module under functions/. */
  handler: string;
}

/**
 * Every Lambda function: one per entry of routes.ts's `functions`, the workflow's steps function, and
 * one per job of schedules.ts's `jobs` (a revision from before the schedules has none).
 */
export function lambdaEntries(
  functions: Record<string, { handler: string }>,
  workflow: { stepsFunction: { name: string; handler: string } },
  jobs: Record<string, { handler: string }> = {},
): LambdaEntry[] {
  const entries = Object.entries(functions).map(([name, fn]) => ({ name, handler: fn.handler }));
  const jobEntries = Object.entries(jobs).map(([name, job]) => ({ name, handler: job.handler }));
  return [...entries, { name: workflow.stepsFunction.name, handler: workflow.stepsFunction.handler }, ...jobEntries];
}

/** What a source tree (this one, or an earlier revision's) says about its functions and their bundling. */
export interface Revision {
  label: string;
  root: string;
  bundlingOptions: BundlingOptions;
  toEsbuildOptions: typeof toEsbuildOptions;
  entries: LambdaEntry[];
  /** That tree's default policy as JSON: the POLICY variable of a revision that reads it at run time. */
  policyJson: string;
}

/**
 * Reads a source tree's own modules: its function list (the API's functions and the workflow's
 * steps function), its HouseFunction bundling options (with its default policy built in, where the
 * tree builds the policy into each bundle), its translator to esbuild and its default policy. Used
 * for this tree and for an earlier revision extracted beside it, so that each is bundled exactly as
 * it would have been.
 */
export async function readRevision(root: string, label: string): Promise<Revision> {
  const load = (path: string) => import(pathToFileURL(join(root, path)).href);
  const [routes, workflow, house, bundles, policy, schedules] = await Promise.all([
    load('functions/config/routes.ts'),
    load('functions/config/workflow.ts'),
    load('infra/constructs/house-function.ts'),
    load('bench/bundles.ts'),
    load('functions/domain/policy.ts'),
    // Not in revisions from before the scheduled jobs.
    existsSync(join(root, 'functions/config/schedules.ts')) ? load('functions/config/schedules.ts') : { jobs: {} },
  ]);
  return {
    label,
    root,
    bundlingOptions: house.bundlingWithPolicy ? house.bundlingWithPolicy(policy.defaultPolicy) : house.bundlingOptions,
    toEsbuildOptions: bundles.toEsbuildOptions,
    entries: lambdaEntries(routes.functions, workflow.complaintWorkflow, schedules.jobs),
    policyJson: JSON.stringify(policy.defaultPolicy),
  };
}

/** Bundles every function of a revision with that revision's own options and translator, all at once. */
export async function bundleRevision(revision: Revision, outRoot: string): Promise<Map<string, Bundle>> {
  const built = await Promise.all(
    revision.entries.map(async ({ name, handler }) => {
      const entry = join(revision.root, 'functions', handler);
      const options = revision.toEsbuildOptions(revision.bundlingOptions, entry, join(outRoot, name), revision.root);
      return [name, await buildAndMeasure(options)] as const;
    }),
  );
  return new Map(built);
}

// ---------------------------------------------------------------------------------------------
// Cold module load: importing a bundle in a fresh Node process

/**
 * Run in a fresh process for each measurement: forbids sockets and DNS (module load must not touch
 * the network; an attempt is reported, not made), then times `import()` of the bundle, which is
 * reading, compiling and evaluating it, and its source map under --enable-source-maps as in Lambda.
 */
const LOADER = `
import net from 'node:net';
import dns from 'node:dns';
let attempts = 0;
const refuse = () => { attempts++; throw new Error('no network while loading a bundle in the bench'); };
net.Socket.prototype.connect = refuse;
dns.lookup = refuse;
const started = performance.now();
let error;
try {
  await import(process.env.BENCH_BUNDLE_URL);
} catch (e) {
  error = e instanceof Error ? e.name + ': ' + e.message : String(e);
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, attempts, error }));
process.exit(0);
`;

/**
 * What Lambda itself puts in every function's environment (its credentials and region), with dummy
 * values, and the bench's own settings: silent logs, and any AWS endpoint pointing nowhere (loading
 * must not call AWS; the loader refuses sockets anyway).
 */
const LAMBDA_ENVIRONMENT: NodeJS.ProcessEnv = {
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

/** The variables a revision from before the synthesized bundles were loaded parsed at cold start (BASELINE_COMMIT's). */
export function coldStartEnvironment(policyJson: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ...LAMBDA_ENVIRONMENT,
    TABLE_NAME: 'bench-cases',
    STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:000000000000:stateMachine:BenchComplaintWorkflow',
    POLICY: policyJson,
    POWERTOOLS_SERVICE_NAME: 'fire-complaints',
  };
}

/**
 * Well-formed stand-ins for the variables whose values exist only at deploy time (the template holds
 * a reference), shaped as CloudFormation resolves them. A function given a variable that is not here
 * cannot be loaded as deployed, so functionEnvironment refuses it by name.
 */
export const DEPLOY_TIME_STAND_INS: Readonly<Record<string, string>> = {
  TABLE_NAME: 'FireComplaints-CasesTable0DB12E12-1A2B3C4D5E6F7',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:000000000000:stateMachine:ComplaintWorkflowStateMachine3D593A59-a1B2c3D4e5F6',
  PUBLIC_URL: 'https://d111111abcdef8.cloudfront.net',
  CURSOR_KEY: 'bench-cursor-key-'.padEnd(64, '0'),
  [CONSOLE_SIGN_IN_ENV]: JSON.stringify({
    authority: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_AbCdEfGhI',
    client_id: '1example23456789abcdefghij',
    end_session_endpoint: 'https://fire-complaints-000000000000.auth.eu-west-2.amazoncognito.com/logout',
  }),
};

/**
 * A synthesized function's environment as Lambda gives it: the template's variables, the deploy-time
 * ones by their stand-ins, and Lambda's own; nothing more (a variable the function reads but the
 * stack never sets fails its load, as it would in AWS).
 */
export function functionEnvironment(fn: Pick<SynthesizedFunction, 'variables' | 'deployTime'>): NodeJS.ProcessEnv {
  const missing = fn.deployTime.filter((name) => !(name in DEPLOY_TIME_STAND_INS));
  if (missing.length) throw new Error(`bench/bundles.ts has no stand-in for the deploy-time variable(s) ${missing.join(', ')} (DEPLOY_TIME_STAND_INS)`);
  return {
    PATH: process.env.PATH,
    ...fn.variables,
    ...Object.fromEntries(fn.deployTime.map((name) => [name, DEPLOY_TIME_STAND_INS[name]])),
    ...LAMBDA_ENVIRONMENT,
  };
}

export interface LoadTime {
  ms: number;
  attempts: number;
  error?: string;
}

/** Imports `file` once in a new Node process (this Node: Node 22 under npm scripts). */
export function loadOnce(file: string, env: NodeJS.ProcessEnv): Promise<LoadTime> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '--eval', LOADER],
      { env: { ...env, BENCH_BUNDLE_URL: pathToFileURL(file).href }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`loading ${file} failed: ${error.message} ${stderr.slice(0, 500)}`));
        try {
          resolve(JSON.parse(stdout) as LoadTime);
        } catch {
          reject(new Error(`loading ${file} printed ${stdout.slice(0, 200)} ${stderr.slice(0, 500)}`));
        }
      },
    );
  });
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// ---------------------------------------------------------------------------------------------
// Today's bundles beside the bundling of an earlier revision

/** The revision the figures are compared with: the bundling before the functions were made lean. */
export const BASELINE_COMMIT = 'cb09634';
export const LOAD_RUNS = 7;
/**
 * The limit per function: issue 7's 300 KB of minified code. A function may carry more only with an
 * exception below, each a little above what it measured when it was set (so that growth is seen) and
 * each with what makes it larger. What none of them can shed is the AWS SDK itself: the DynamoDB
 * client with the SDK's core comes to about 200 KB, and SES v2 adds 75 KB more (its schemas are not
 * tree-shaken). Leaving the SDK to the Lambda runtime would bring every function under 300 KB, but
 * it was measured to load about twice as slowly (the "no SDK" column of `npm run bench -- bundles`),
 * and the runtime's SDK is not the version the tests run: the cold start, which is what the limit is
 * for, would get worse.
 */
export const BUNDLE_LIMIT_BYTES = 300 * 1024;

const SDK_DYNAMODB = 'the AWS SDK (DynamoDB client and core, about 200 KB)';
// SDK releases since 3.930 write each operation's traits with computed keys ({ [_h]: ... }), which
// esbuild must assume have side effects, so it keeps every SES v2 operation's schema (47 KB of 60):
// aws/aws-sdk-js-v3#7607, with a fix proposed in smithy-lang/smithy-typescript#1889. DynamoDB's
// operations carry no such traits and are tree-shaken. When the SDK is fixed, the three functions that
// mail shrink by about 40 KB, and the headroom test (test/infra/bundle-size.test.ts) asks for their
// exceptions to be lowered.
const SDK_SES = 'the SES v2 client (about 75 KB more: its operations\' schemas are not tree-shaken, aws/aws-sdk-js-v3#7607)';
const TEMPLATES = 'Nunjucks (86 KB: govuk-frontend\'s templates compile to 354 KB of JavaScript, four times the engine)';

/** Functions allowed more than BUNDLE_LIMIT_BYTES, with their limit and why (measured 2026-12-02, with the information-request reviews and their notices to staff). */
export const BUNDLE_LIMIT_EXCEPTIONS: Readonly<Record<string, { bytes: number; why: string }>> = {
  SubmitPublic: { bytes: 392 * 1024, why: `${SDK_DYNAMODB}, the Step Functions client (22 KB) and Powertools idempotency with JMESPath (37 KB); 380.6 KB` },
  StaffQueries: { bytes: 336 * 1024, why: `${SDK_DYNAMODB}; 326.6 KB` },
  StaffCommands: { bytes: 384 * 1024, why: `${SDK_DYNAMODB}, the Step Functions client (22 KB) and every staff action's rules; 378.2 KB` },
  Reports: { bytes: 448 * 1024, why: `${SDK_DYNAMODB}, ${TEMPLATES}, csv-stringify (11 KB); 439.8 KB` },
  PublicPages: { bytes: 480 * 1024, why: `${SDK_DYNAMODB}, the Step Functions client (22 KB), ${TEMPLATES} and the form's journey; 471.5 KB` },
  WorkflowSteps: { bytes: 460 * 1024, why: `${SDK_DYNAMODB}, ${SDK_SES}, the Step Functions client (22 KB); 452.2 KB` },
  TimescaleMonitor: { bytes: 416 * 1024, why: `${SDK_DYNAMODB}, ${SDK_SES}; 408.2 KB` },
  MonthlyReport: { bytes: 428 * 1024, why: `${SDK_DYNAMODB}, ${SDK_SES}, the report's figures; 416.5 KB` },
};

/** How far above its measured size an exception may be set: growth beyond it, or shrinking below it, is seen. */
export const BUNDLE_LIMIT_HEADROOM_BYTES = 16 * 1024;

export const bundleLimitBytes = (name: string): number => BUNDLE_LIMIT_EXCEPTIONS[name]?.bytes ?? BUNDLE_LIMIT_BYTES;

const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const SDK_LEFT_OUT = 'now, SDK not bundled';

/** Extracts `commit` into a temporary directory beside this tree's node_modules; undefined if git cannot. */
function extractRevision(commit: string, into: string): string | undefined {
  try {
    const tar = join(into, 'source.tar');
    execFileSync('git', ['-C', repoRoot, 'archive', '--format=tar', '-o', tar, commit], { stdio: ['ignore', 'ignore', 'pipe'] });
    const root = join(into, 'source');
    mkdirSync(root);
    execFileSync('tar', ['-xf', tar, '-C', root]);
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    return root;
  } catch (error) {
    console.log(`(no baseline: could not extract ${commit} with git: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return undefined;
  }
}

interface Measured {
  bundle: Bundle;
  /** The file loaded, and the environment it is loaded with. */
  file: string;
  env: NodeJS.ProcessEnv;
  loads: LoadTime[];
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (n: number) => n.toFixed(1);

/**
 * Builds `revision` with esbuild into `outDir` for its sizes and parts. For this tree, the files
 * loaded are those `cdk synth` writes (each with what its asset folder carries beside it: templates,
 * texts) and each gets the environment its function is given in the template; the esbuild build must
 * then come out the same size as CDK's, or the bench's translation of the options is out of date.
 * An earlier revision is loaded from its esbuild build with that revision's own variables.
 */
async function measureRevision(
  revision: Revision,
  outDir: string,
  synthesized: Readonly<Record<string, SynthesizedFunction>> | undefined,
  nextTo?: 'synthesized',
): Promise<Map<string, Measured>> {
  const bundles = await bundleRevision(
    nextTo && synthesized
      ? // Beside each synthesized bundle, so that it finds the same files; loaded by its own name.
        { ...revision, toEsbuildOptions: (cdk, entry, _out, root) => ({ ...revision.toEsbuildOptions(cdk, entry, _out, root), outfile: join(dirname(synthesized[nameOf(revision, entry)]!.file), 'index-no-sdk.mjs') }) }
      : revision,
    outDir,
  );
  return new Map(
    [...bundles].map(([name, bundle]) => {
      const fn = synthesized?.[name];
      if (!fn) return [name, { bundle, file: bundle.path, env: coldStartEnvironment(revision.policyJson), loads: [] }];
      if (!nextTo && statSync(fn.file).size !== bundle.size.bytes) {
        throw new Error(`${name}: esbuild built ${bundle.size.bytes} bytes, cdk synth ${statSync(fn.file).size}: bench/bundles.ts translates the bundling options wrongly`);
      }
      return [name, { bundle, file: nextTo ? bundle.path : fn.file, env: functionEnvironment(fn), loads: [] }];
    }),
  );
}

/** The function whose entry module is `entry` in `revision`. */
function nameOf(revision: Revision, entry: string): string {
  const found = revision.entries.find((e) => join(revision.root, 'functions', e.handler) === entry);
  if (!found) throw new Error(`no function has the entry ${entry}`);
  return found.name;
}

/**
 * `npm run bench -- bundles` (and part of `npm run bench`): every function's bundle as `cdk synth`
 * writes it, and the same functions as commit BASELINE_COMMIT bundled them (that revision's own
 * function list, options and translator): size, gzip size, source map, and the cold module-load time
 * (median of LOAD_RUNS fresh Node processes, the revisions taking turns).
 */
export async function printBundles(runs = LOAD_RUNS, baselineCommit: string | undefined = BASELINE_COMMIT): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'fire-complaints-bundles-'));
  // Bundles that leave the SDK out find it here, as a function finds the runtime's copy.
  symlinkSync(join(repoRoot, 'node_modules'), join(work, 'node_modules'), 'dir');
  try {
    const current = await readRevision(repoRoot, 'now');
    const synthesized = await synthesizeFunctions(join(work, 'cdk.out'), defaultPolicy);
    // The alternative the 300 KB target would need: the same code with the AWS SDK left to the Lambda
    // runtime (resolved here from node_modules, as the runtime resolves its own copy).
    const { bundleAwsSDK: _bundled, ...withoutSdk } = current.bundlingOptions;
    const sdkLeftOut: Revision = { ...current, label: SDK_LEFT_OUT, bundlingOptions: { ...withoutSdk, externalModules: ['@aws-sdk/*', '@smithy/*'] } };
    const revisions = [current, sdkLeftOut];
    const baselineRoot = baselineCommit ? extractRevision(baselineCommit, work) : undefined;
    if (baselineRoot) revisions.unshift(await readRevision(baselineRoot, baselineCommit!));

    const measured = new Map<string, Map<string, Measured>>();
    for (const revision of revisions) {
      const outDir = join(work, 'out', revision.label);
      const own = revision === current || revision === sdkLeftOut ? synthesized : undefined;
      measured.set(revision.label, await measureRevision(revision, outDir, own, revision === sdkLeftOut ? 'synthesized' : undefined));
    }
    // Round by round, each bundle of each revision once, so that a busy moment of the machine
    // falls on both revisions alike.
    for (let run = 0; run < runs; run++) {
      for (const revision of revisions) {
        for (const m of measured.get(revision.label)!.values()) m.loads.push(await loadOnce(m.file, m.env));
      }
    }

    const names = [...new Set(revisions.flatMap((r) => r.entries.map((e) => e.name)))];
    const baseline = baselineRoot ? measured.get(baselineCommit!) : undefined;
    const now = measured.get('now')!;
    const loadCell = (m: Measured | undefined) => {
      if (!m) return '';
      const failed = m.loads.find((l) => l.error);
      if (failed) return `fails: ${failed.error!.slice(0, 60)}`;
      const times = m.loads.map((l) => l.ms);
      return `${ms(median(times))} / ${ms(Math.min(...times))}`;
    };
    const external = measured.get(SDK_LEFT_OUT)!;
    const rows = names.map((name) => {
      const before = baseline?.get(name);
      const after = now.get(name);
      const left = external.get(name);
      return [
        name,
        before ? kb(before.bundle.size.bytes) : '',
        after ? kb(after.bundle.size.bytes) : '',
        after ? kb(after.bundle.size.gzipBytes) : '',
        after ? kb(after.bundle.size.mapBytes) : '',
        loadCell(before),
        loadCell(after),
        after && before ? `${((1 - after.bundle.size.bytes / before.bundle.size.bytes) * 100).toFixed(0)}%` : '',
        left ? kb(left.bundle.size.bytes) : '',
        loadCell(left),
      ];
    });
    const network = [...measured.values()].flatMap((m) => [...m.values()]).reduce((n, m) => n + m.loads.reduce((a, l) => a + l.attempts, 0), 0);

    console.log(`\nBundles: each function as \`cdk synth\` bundles it now, and as ${baselineRoot ? baselineCommit : '(no baseline)'} bundled it`);
    console.log(`KB = the minified index.mjs (limit ${kb(BUNDLE_LIMIT_BYTES)} KB; with a reason, ${Object.entries(BUNDLE_LIMIT_EXCEPTIONS).map(([n, b]) => `${n} ${kb(b.bytes)} KB`).join(', ')}); load ms = import() of the bundle in a fresh Node ${process.version}`);
    console.log(`process with --enable-source-maps and the environment its function is given in the template (deploy-time values by`);
    console.log(`stand-ins): median / fastest of ${runs} (the revisions take turns; on a busy machine the fastest is the steadier figure).`);
    console.log('"no SDK": the same code with the AWS SDK left to the Lambda runtime (external), the only way under 300 KB:');
    console.log('smaller, and slower to load.');
    console.log(`Network connections attempted while loading: ${network}.\n`);
    printTable(
      ['function', `KB ${baselineCommit ?? ''}`.trim(), 'KB now', 'gzip KB now', 'map KB now', `load ms ${baselineCommit ?? ''}`.trim(), 'load ms now', 'smaller by', 'KB no SDK', 'load ms no SDK'],
      rows,
    );
    console.log('\nLargest parts of each bundle now (KB of minified code):');
    for (const [name, m] of now) {
      console.log(`  ${name}: ${m.bundle.parts.slice(0, 6).map(([part, bytes]) => `${part.replace(`${repoRoot}/`, '')} ${kb(bytes)}`).join(', ')}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
