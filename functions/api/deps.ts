import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { randomBytes } from 'node:crypto';
import * as z from '../domain/zod';
import {
  documentClient,
  DynamoDbCaseRepository,
  DynamoDbDirectoryRepository,
  DynamoDbTrackingLinkRepository,
  DynamoDbWorkflowStateRepository,
} from '../adapters/dynamodb-case-repository';
import { SesMailer } from '../adapters/ses-mailer';
import { SfnWorkflow } from '../adapters/sfn-workflow';
import { readMessages } from '../config/locale-source';
import { readPolicy } from '../config/policy-source';
import { WorkingDayCalendar } from '../domain/calendar';
import { ConfigurationError } from '../domain/errors';
import { webFilesFrom } from '../web/files';

/**
 * Configuration and adapters, built once per cold start. Missing or bad configuration fails here,
 * at start, not on the first request. The SDK finds local stand-ins through AWS_ENDPOINT_URL_*.
 */
const Env = z.object({
  TABLE_NAME: z.string().check(z.minLength(1, 'TABLE_NAME is required')),
  /** How long a move takes to settle in the case lists (table.listSettleMs); the local stack's is shorter. */
  LIST_SETTLE_MS: z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(10_000))),
});

const WorkflowEnv = z.object({
  STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:', 'STATE_MACHINE_ARN must be a state machine ARN')),
});

const StepsEnv = z.object({
  /** The sender of every email; defaults to the policy's organisation address. */
  MAIL_FROM: z.optional(z.email()),
  /** Local demos only: one working day of waiting lasts this many seconds. Unset in AWS. */
  WORKING_DAY_SECONDS: z.optional(z.coerce.number().check(z.gt(0))),
  /**
   * Where the public pages are served, e.g. https://complaints.example.gov.uk: the acknowledgement
   * links to <PUBLIC_URL>/track/<token>. Unset: acknowledgements carry no tracking link.
   */
  PUBLIC_URL: z.optional(z.url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http(s) URL' })),
});

const ListEnv = z.object({
  /**
   * Signs the case list's cursors (HMAC-SHA256): in AWS a Secrets Manager secret generated at deploy
   * (infra/constructs/cases-table.ts), locally a random key in the data directory (local/cursor-key.ts).
   */
  CURSOR_KEY: z.string({ error: 'CURSOR_KEY is required' }).check(z.minLength(32, 'CURSOR_KEY must be at least 32 characters')),
});

function parse<S extends z.ZodMiniType>(schema: S): z.output<S> {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

/** The table, the policy and the clock: what every function needs. */
function loadTable() {
  const env = parse(Env);
  const policy = readPolicy(process.env);
  const dynamodb = new DynamoDBClient({});
  return { env, policy, dynamodb, doc: documentClient(dynamodb), now: () => new Date() };
}

/** The case repository on the table. */
export const casesOn = ({ doc, env }: TableDeps) => new DynamoDbCaseRepository(doc, env.TABLE_NAME, { maxWaitMs: 8_000, listSettleMs: env.LIST_SETTLE_MS });

function load(table: TableDeps) {
  const { env, doc, policy } = table;
  return {
    ...table,
    calendar: WorkingDayCalendar.fromPolicy(policy),
    cases: casesOn(table),
    directory: new DynamoDbDirectoryRepository(doc, env.TABLE_NAME),
    trackingLinks: new DynamoDbTrackingLinkRepository(doc, env.TABLE_NAME),
  };
}

function loadWorkflow(core: Deps) {
  const env = parse(WorkflowEnv);
  const state = new DynamoDbWorkflowStateRepository(core.doc, core.env.TABLE_NAME);
  return { ...core, state, workflow: new SfnWorkflow(new SFNClient({}), env.STATE_MACHINE_ARN, state) };
}

function loadSteps(workflow: WorkflowDeps) {
  const env = parse(StepsEnv);
  return {
    ...workflow,
    mailer: new SesMailer(new SESv2Client({}), env.MAIL_FROM ?? workflow.policy.organisation.email),
    // Every word of every email, in the policy's language: read where the pages read theirs (beside
    // index.mjs in the bundle, infra/constructs/complaint-workflow.ts), so a new language is a file.
    texts: readMessages(webFilesFrom(import.meta.url).locales, workflow.policy.language),
    workingDaySeconds: env.WORKING_DAY_SECONDS,
    publicUrl: env.PUBLIC_URL,
    randomToken: () => randomBytes(32).toString('base64url'),
  };
}

function loadList(core: Deps) {
  return { ...core, cursorKey: parse(ListEnv).CURSOR_KEY };
}

export type TableDeps = ReturnType<typeof loadTable>;
export type Deps = ReturnType<typeof load>;
export type ListDeps = ReturnType<typeof loadList>;
export type WorkflowDeps = ReturnType<typeof loadWorkflow>;
export type StepsDeps = ReturnType<typeof loadSteps>;

// Each handler calls only the getter it needs, so its bundle holds only the clients it uses.
let tableDeps: TableDeps | undefined;
let deps: Deps | undefined;
let listDeps: ListDeps | undefined;
let workflowDeps: WorkflowDeps | undefined;
let stepsDeps: StepsDeps | undefined;

/**
 * Only the table, the policy and the clock: for a function that works on the table through an
 * adapter of its own and counts no working days (its bundle then carries neither the case
 * repositories nor the bank holidays).
 */
export function getTableDeps(): TableDeps {
  tableDeps ??= loadTable();
  return tableDeps;
}

/** The process-wide dependencies (created on first use, which is module load in every handler). */
export function getDeps(): Deps {
  deps ??= load(getTableDeps());
  return deps;
}

/** Also the key that signs the case list's cursors: for the function that lists cases. */
export function getListDeps(): ListDeps {
  listDeps ??= loadList(getDeps());
  return listDeps;
}

/** Also the workflow and its state: for functions that start or signal workflows. */
export function getWorkflowDeps(): WorkflowDeps {
  workflowDeps ??= loadWorkflow(getDeps());
  return workflowDeps;
}

/** Also the mailer: for the workflow's steps, the only function that sends email. */
export function getStepsDeps(): StepsDeps {
  stepsDeps ??= loadSteps(getWorkflowDeps());
  return stepsDeps;
}
