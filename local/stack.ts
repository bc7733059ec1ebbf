import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sesLocalModule from 'aws-ses-v2-local';
import { CONSOLE_SIGN_IN_ENV, consoleSignInVariable, LOCAL_CLIENT_ID } from '../functions/config/identity';
import { readPolicy } from '../functions/config/policy-source';
import type { Role } from '../functions/config/roles';
import { functions, routes, type FunctionName } from '../functions/config/routes';
import { complaintWorkflow, substitute } from '../functions/config/workflow';
import { jobs, schedules, type JobName } from '../functions/config/schedules';
import { startLocalScheduler, type LocalScheduler } from './scheduler';
import type { BundledFunctionName, BundledHandlers } from './bundles';
import { demoUsers, firstUserWithRole, type DemoUser } from './demo-users';
import { ensureTable, startDynamoDbLocal } from './dynamodb';
import { lambdaContext, startGateway, type LambdaHandler, type LoadedRoute } from './gateway';
import { startLocalStepFunctions } from './sfn/endpoint';
import { loadOrCreateCursorKey } from './cursor-key';
import { issuerEndpoints, issuerUrlFor, jwksOf, loadOrCreateSigningKey, localConsoleSignIn, signAccessToken, signClaims, type SigningKey } from './issuer';
import { createJwtAuthorizer } from './jwt-authorizer';
import { signInEndpoints } from './sign-in';
import type { JWTPayload } from 'jose';
import { buildWebAssets, type AssetManifest } from '../web/build';
import { encodeManifest } from '../functions/config/web-assets';
import { staticFiles } from './static-files';

/**
 * The embedded default (DESIGN.md §4): DynamoDB Local, aws-ses-v2-local and the local gateway,
 * with the same handlers as the cloud. The handlers find the stand-ins through the SDK's own
 * AWS_ENDPOINT_URL_* settings, so they have no local-only branch. One stack per process: the
 * handlers and the SES stand-in keep module-level state.
 */

/** table.listSettleMs for the local stack (functions/config/table.ts). */
export const LOCAL_LIST_SETTLE_MS = 250;

export interface LocalStackOptions {
  /** Gateway port; 0 picks a free one. */
  port: number;
  dynamodbPort: number;
  /** Mailbox (aws-ses-v2-local) port; 0 picks a free one. */
  sesPort: number;
  /** Where DynamoDB Local and the issuer's key are kept; null keeps them in memory (tests). */
  dataDir: string | null;
  tableName?: string;
  /** Local demos: one working day of waiting lasts this many seconds (deadlines stay real dates). */
  workingDaySeconds?: number;
  /**
   * Run these bundles (the files CDK uploads, from local/bundles.ts) instead of the TypeScript
   * sources of the handlers.
   */
  bundles?: BundledHandlers;
  /**
   * The pages' static files, already built (web/build.ts) into `dir`; built at start (into the data
   * directory, else a temporary one) when not given.
   */
  web?: { dir: string; manifest: AssetManifest };
  /**
   * Let the schedules of functions/config/schedules.ts fire by the clock (`npm start`). Off, they
   * fire only through `scheduler.fire` (tests, with the time they choose).
   */
  runSchedules?: boolean;
}

export interface LocalStack {
  apiUrl: string;
  /** Where people go: the start page of the form (the same origin as the API, as CloudFront makes it in AWS). */
  publicUrl: string;
  mailboxUrl: string;
  dynamodbEndpoint: string;
  tableName: string;
  /** Closes the mail stand-in's port (SES unreachable) and opens it again; its store survives. */
  mailOutage: { begin(): Promise<void>; end(): Promise<void> };
  /** How many open cases' workflows were resumed at start. */
  resumed: number;
  stepFunctionsEndpoint: string;
  /** The local Cognito stand-in's issuer URL (`iss` of its tokens). */
  issuerUrl: string;
  /** The demo staff, derived from the policy. */
  users: readonly DemoUser[];
  /**
   * A staff token accepted by this stack: for `user` (default: the first demo user with `role`),
   * valid for `expiresIn` seconds (default 3600).
   */
  token(role: Role, options?: { user?: string; expiresIn?: number }): Promise<string>;
  /** Signs any claims with this stack's key, as they are (tests of refused tokens). */
  signClaims(claims: JWTPayload, header?: { kid?: string; alg?: string }): Promise<string>;
  /** EventBridge Scheduler's stand-in: the schedules, their next runs, and a run on demand. */
  scheduler: LocalScheduler;
  stop(): Promise<void>;
}

// The package is CommonJS with `exports.default`; under ESM interop the function sits one level down.
const sesLocal = (sesLocalModule as unknown as { default?: typeof sesLocalModule }).default ?? sesLocalModule;

const FUNCTIONS_DIR = resolve(import.meta.dirname, '../functions');

const REPO_ROOT = resolve(import.meta.dirname, '..');
export const WORKFLOW_STEP_CONCURRENCY = 4;

/** Runs at most `n` of the given functions at once; the rest wait their turn. */
function limit(n: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
const LOCAL_ACCOUNT = '123456789012';

/** Starts the workflow of every open case again (the local engine keeps executions in memory only). */
async function resumeWorkflows(): Promise<number> {
  const { getWorkflowDeps } = (await import(join(FUNCTIONS_DIR, 'api/deps.ts'))) as typeof import('../functions/api/deps');
  const d = getWorkflowDeps();
  const open = await d.cases.listOpen();
  for (const c of open) {
    // A consultation comment awaiting the Administration Manager's decision has no workflow yet.
    if (c.consultation && !c.consultation.decision) continue;
    // The token of the wait that was running belongs to an execution that no longer exists.
    await d.state.update(c.reference, { taskToken: undefined });
    await d.workflow.start(c.reference);
  }
  return open.length;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // Validate the policy first: a bad policy stops the start with a message naming the field.
  const policy = readPolicy(process.env);
  const users = demoUsers(policy);
  // The issuer's key: kept in the data directory so tokens outlive a restart, else in memory.
  const key: SigningKey = await loadOrCreateSigningKey(options.dataDir ? resolve(options.dataDir) : null);
  const tableName = options.tableName ?? 'fire-complaints';
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const dynamodb = await startDynamoDbLocal({ port: options.dynamodbPort, dataDir: options.dataDir ? resolve(options.dataDir, 'dynamodb') : null });
    stops.push(dynamodb.stop);

    let ses: Server = await sesLocal({ host: '127.0.0.1', port: options.sesPort });
    const closeSes = () => new Promise<void>((r) => { ses.close(() => r()); ses.closeAllConnections(); });
    stops.push(() => closeSes());
    const sesPort = (ses.address() as AddressInfo).port;
    const mailboxUrl = `http://127.0.0.1:${sesPort}`;
    // A real outage of the mail stand-in, for tests of what happens when SES cannot be reached.
    const mailOutage = {
      begin: closeSes,
      end: async () => {
        ses = await sesLocal({ host: '127.0.0.1', port: sesPort });
      },
    };

    Object.assign(process.env, {
      AWS_REGION: process.env.AWS_REGION ?? 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SES: mailboxUrl,
      AWS_ENDPOINT_URL_SESV2: mailboxUrl,
      TABLE_NAME: tableName,
      // DynamoDB Local updates its indexes within the write: a move settles in a quarter of AWS's time.
      LIST_SETTLE_MS: String(LOCAL_LIST_SETTLE_MS),
      CURSOR_KEY: loadOrCreateCursorKey(options.dataDir ? resolve(options.dataDir) : null),
      POLICY: JSON.stringify(policy),
      POWERTOOLS_SERVICE_NAME: 'fire-complaints',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });

    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint });
    await ensureTable(client, tableName);
    client.destroy();

    // Step Functions: the same ASL file, its Lambda placeholder filled with the local steps function.
    const region = process.env.AWS_REGION!;
    const stepsArn = `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${complaintWorkflow.stepsFunction.name}`;
    const definition = JSON.parse(
      substitute(readFileSync(join(REPO_ROOT, complaintWorkflow.definitionFile), 'utf8'), { WorkflowStepsArn: stepsArn }),
    ) as object;
    let steps: LambdaHandler | undefined;
    // Like reserved concurrency on the steps function: one process serves everything here, so a
    // burst of workflows must not starve the API of DynamoDB Local's attention.
    const slots = limit(WORKFLOW_STEP_CONCURRENCY);
    const sfn = await startLocalStepFunctions({
      port: 0,
      region,
      accountId: LOCAL_ACCOUNT,
      stateMachines: [{ name: complaintWorkflow.name, definition }],
      lambdas: {
        [stepsArn]: async (payload) => {
          if (!steps) throw new Error('the workflow steps are not loaded yet');
          const run = steps as unknown as (e: unknown, c: Context) => Promise<unknown>;
          return slots(() => run(payload, lambdaContext(complaintWorkflow.stepsFunction.name, 30_000)));
        },
      },
    });
    stops.push(sfn.stop);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SFN: sfn.endpoint,
      STATE_MACHINE_ARN: sfn.stateMachineArn(complaintWorkflow.name),
      ...(options.workingDaySeconds ? { WORKING_DAY_SECONDS: String(options.workingDaySeconds) } : {}),
    });
    const moduleOf = (name: BundledFunctionName, handler: string) =>
      options.bundles ? pathToFileURL(options.bundles[name]).href : join(FUNCTIONS_DIR, handler);

    const web = options.web ?? (() => {
      const dir = options.dataDir ? resolve(options.dataDir, 'web') : mkdtempSync(join(tmpdir(), 'fire-complaints-web-'));
      return { dir, manifest: buildWebAssets(dir) };
    })();

    // The gateway listens first: the handlers read the public URL (its port) when they load, as
    // functions in AWS read the CloudFront address from their environment.
    const handlers = new Map<FunctionName, LambdaHandler>();
    const lazy = (name: FunctionName): LambdaHandler => async (event, context) => {
      const handler = handlers.get(name);
      if (!handler) throw new Error(`${name} is not loaded yet`);
      return handler(event, context);
    };
    const loaded: LoadedRoute[] = routes.map((route) => ({ route, handler: lazy(route.function) }));
    // The issuer URL contains the gateway's port, known once it listens (port 0 picks one).
    let issuerUrl = '';
    const gateway = await startGateway({
      port: options.port,
      routes: loaded,
      authorizer: createJwtAuthorizer({ issuer: () => issuerUrl, audience: [LOCAL_CLIENT_ID], jwks: jwksOf(key) }),
      fallbacks: [
        issuerEndpoints(() => issuerUrl, key),
        signInEndpoints({ issuer: () => issuerUrl, key, users }),
        staticFiles(join(web.dir, 'assets')),
      ],
    });
    stops.push(gateway.close);
    issuerUrl = issuerUrlFor(gateway.url);
    Object.assign(process.env, {
      PUBLIC_URL: gateway.url,
      WEB_ASSETS: encodeManifest(web.manifest),
      // What the console signs in with (authority, client id, sign-out), as StaffDirectory.bindConsoleSignIn gives it in AWS.
      [CONSOLE_SIGN_IN_ENV]: JSON.stringify(consoleSignInVariable(localConsoleSignIn(gateway.url))),
    });

    steps = ((await import(moduleOf(complaintWorkflow.stepsFunction.name, complaintWorkflow.stepsFunction.handler))) as { handler: LambdaHandler }).handler;
    // One module per function, however many routes it serves (as one Lambda function in AWS).
    for (const route of routes) {
      if (handlers.has(route.function)) continue;
      const mod = (await import(moduleOf(route.function, functions[route.function].handler))) as { handler: LambdaHandler };
      handlers.set(route.function, mod.handler);
    }

    // The scheduled jobs: the same modules (or bundles) EventBridge Scheduler invokes in AWS.
    const jobHandlers = new Map<JobName, (event: unknown, context: Context) => Promise<unknown>>();
    for (const [name, job] of Object.entries(jobs) as Array<[JobName, (typeof jobs)[JobName]]>) {
      jobHandlers.set(name, ((await import(moduleOf(name, job.handler))) as { handler: (event: unknown, context: Context) => Promise<unknown> }).handler);
    }
    const scheduler = startLocalScheduler({
      schedules,
      run: options.runSchedules ?? false,
      invoke: (job, event) => jobHandlers.get(job)!(event, lambdaContext(job, jobs[job].timeoutSeconds * 1000)),
    });
    stops.push(async () => scheduler.stop());

    // Executions live in memory: pick up every open case's workflow where its case stands.
    const resumed = await resumeWorkflows();

    const token: LocalStack['token'] = async (role, tokenOptions = {}) => {
      const user = tokenOptions.user === undefined ? firstUserWithRole(users, role) : users.find((u) => u.id === tokenOptions.user);
      if (!user || !user.roles.includes(role)) throw new Error(`No demo user ${tokenOptions.user} with the role ${role}`);
      return signAccessToken(key, { issuer: issuerUrl, user, expiresIn: tokenOptions.expiresIn });
    };

    return {
      mailOutage,
      resumed,
      stepFunctionsEndpoint: sfn.endpoint,
      apiUrl: gateway.url,
      publicUrl: `${gateway.url}/`,
      mailboxUrl,
      dynamodbEndpoint: dynamodb.endpoint,
      tableName,
      issuerUrl,
      users,
      token,
      signClaims: (claims, header) => signClaims(key, claims, header),
      scheduler,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
