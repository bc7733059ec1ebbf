/**
 * The complaint workflow's paths, for the bench: what happens on each (the scripted outcome of every
 * Task, walked through statemachines/complaint.asl.json by ./asl-walk.ts), and what each step and
 * each HTTP call does to DynamoDB and SES, read from functions/domain/workflow-steps.ts,
 * functions/domain/staff-service.ts and functions/adapters/*. The same paths are run for real by
 * ./workflow-run.ts, which checks these counts against what the local stack does.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { complaintWorkflow } from '../functions/config/workflow';
import { aComplaint, aCompliment } from '../test/support/mothers';
import { walk, type Definition, type TaskOutcome, type Walk } from './asl-walk';

/** DynamoDB and SES calls, as counted by the model and by the local run. */
export interface Ops {
  /** GetItem, strongly consistent. */
  gets: number;
  /** Query, strongly consistent. */
  queries: number;
  /** TransactWriteItems calls, by number of items. */
  transactionItems: number[];
  /** UpdateItem (the workflow's notes beside the case). */
  updates: number;
  emails: number;
}

const none: Ops = { gets: 0, queries: 0, transactionItems: [], updates: 0, emails: 0 };
const ops = (o: Partial<Ops>): Ops => ({ ...none, ...o });

export function addOps(a: Ops, b: Ops): Ops {
  return {
    gets: a.gets + b.gets,
    queries: a.queries + b.queries,
    transactionItems: [...a.transactionItems, ...b.transactionItems],
    updates: a.updates + b.updates,
    emails: a.emails + b.emails,
  };
}

/**
 * Capacity by the simple rules (every item at most 1 KB, every read result at most 4 KB):
 * a transactional write costs 2 WRU per item, an UpdateItem 1 WRU, a strongly consistent GetItem
 * or Query 1 RRU. Index writes are not counted.
 */
export function estimatedUnits(o: Ops): { writeUnits: number; readUnits: number } {
  return { writeUnits: 2 * o.transactionItems.reduce((s, n) => s + n, 0) + o.updates, readUnits: o.gets + o.queries };
}

/** One scripted Task attempt with what it does (from workflow-steps.ts). */
export type ScriptedStep = TaskOutcome & { ops: Ops };

// `load` = 1 GetItem of the case; `apply` = 1 GetItem of the staff directory (the rule context)
// + 1 TransactWriteItems of the case and its audit event; `d.state.get`/`update` = 1 GetItem /
// 1 UpdateItem of the WORKFLOW item; `person()` = 1 GetItem of the directory; every `send` = 1 email.
const S = {
  acknowledgeByEmail: { step: 'acknowledge', result: { kind: 'complaint', via: 'email' }, ops: ops({ gets: 2, transactionItems: [2], emails: 1 }) },
  acknowledgeCompliment: { step: 'acknowledge', result: { kind: 'compliment', via: 'thanks' }, ops: ops({ gets: 1 }) },
  acknowledgeMailDown: { step: 'acknowledge', error: 'MailerUnavailableError', ops: ops({ gets: 1 }) },
  acknowledgementFailed: { step: 'acknowledgementFailed', result: { kind: 'complaint' }, ops: ops({ gets: 2, transactionItems: [2], emails: 1 }) },
  thankCompliment: { step: 'thankCompliment', result: { closed: true }, ops: ops({ gets: 3, transactionItems: [2], emails: 2 }) },
  /** load, apply(startStageOne), state.get, person + owner's notice, state.update. */
  prepareStageOne: { step: 'prepareStage', result: { closed: false, stage: 1, waitSeconds: 864_000, version: 3 }, ops: ops({ gets: 4, transactionItems: [2], updates: 1, emails: 1 }) },
  /** After a deadline, a stage of "another Functional Head": load, state.get, apply(addTask) + the Administration Manager's task email, state.update. */
  prepareStageNeedsOwner: { step: 'prepareStage', result: { closed: false, stage: 2, waitSeconds: 864_000, version: 5 }, ops: ops({ gets: 3, transactionItems: [2], updates: 1, emails: 1 }) },
  /** After a deadline, the CRO's stage: load, state.get, person + owner's notice, state.update. */
  prepareStageCro: { step: 'prepareStage', result: { closed: false, stage: 3, waitSeconds: 864_000, version: 7 }, ops: ops({ gets: 3, updates: 1, emails: 1 }) },
  /** After a transfer on "further action": load, state.get, escalation notice, person + owner's notice, state.update. */
  prepareStageTransferred: { step: 'prepareStage', result: { closed: false, stage: 2, waitSeconds: 864_000, version: 4 }, ops: ops({ gets: 3, updates: 1, emails: 2 }) },
  /** Same stage and owner (an extension): load, state.get, state.update. */
  prepareStageRearm: { step: 'prepareStage', result: { closed: false, stage: 1, waitSeconds: 1_296_000, version: 4 }, ops: ops({ gets: 2, updates: 1 }) },
  prepareStageClosed: { step: 'prepareStage', result: { closed: true, stage: null, waitSeconds: 1, version: 9 }, ops: ops({ gets: 1 }) },
  /** state.update (the token), load. The callback itself is not an invocation. */
  awaitResolved: { step: 'awaitOutcome', result: { event: 'outcome-recorded' }, ops: ops({ gets: 1, updates: 1 }) },
  awaitExtended: { step: 'awaitOutcome', result: { event: 'deadline-extended' }, ops: ops({ gets: 1, updates: 1 }) },
  awaitTimeout: { step: 'awaitOutcome', error: 'States.Timeout', ops: ops({ gets: 1, updates: 1 }) },
  /** load, state.update, apply(escalateOnDeadline), escalation notice, state.update. */
  deadlinePassedEscalate: { step: 'deadlinePassed', result: { escalated: true }, ops: ops({ gets: 2, transactionItems: [2], updates: 2, emails: 1 }) },
  /** The last stage: load, state.update, apply (closes for the Ombudsman). */
  deadlinePassedClose: { step: 'deadlinePassed', result: { escalated: true }, ops: ops({ gets: 2, transactionItems: [2], updates: 1 }) },
  /** load, the timeline (1 Query), the notice to the customer. */
  extensionNotice: { step: 'extensionNotice', result: { told: true }, ops: ops({ gets: 1, queries: 1, emails: 1 }) },
  /** load, state.update, the letter. */
  closingLetter: { step: 'closingLetter', result: { sent: true }, ops: ops({ gets: 1, updates: 1, emails: 1 }) },
} satisfies Record<string, ScriptedStep>;

/** An HTTP call in the path: one invocation of an API Lambda function. */
export interface ApiCall {
  what: string;
  ops: Ops;
}
/** POST /api/public/submissions without Idempotency-Key: the year's counter (GetItem), one transaction of counter + case + event, StartExecution. */
const SUBMISSION: ApiCall = { what: 'public submission', ops: ops({ gets: 1, transactionItems: [3] }) };
/** A staff change: load, the directory, the transaction, the workflow's token (GetItem, SendTaskSuccess, UpdateItem), the timeline in the answer (1 Query). */
const staffChange = (what: string): ApiCall => ({ what, ops: ops({ gets: 3, queries: 1, transactionItems: [2], updates: 1 }) });

/** A staff action the local run takes once the workflow waits for it. */
export interface LocalAction {
  role: 'functional-head';
  action: 'outcome' | 'extension';
  body: Record<string, unknown>;
  user?: string;
}

export interface WorkflowPath {
  id: string;
  name: string;
  description: string;
  script: ScriptedStep[];
  api: ApiCall[];
  /** How ./workflow-run.ts runs it for real; null: the model only. */
  local: { body: Record<string, unknown>; actions: LocalAction[]; closure: string } | null;
}

const RESOLVE = { result: 'resolved', decision: 'partly-upheld', response: 'We are sorry for the trouble.', remedy: 'A written apology' };

export const PATHS: WorkflowPath[] = [
  {
    id: 'compliment',
    name: 'compliment',
    description: 'a compliment with an email address: thanked, the function\'s Head told, closed',
    script: [S.acknowledgeCompliment, S.thankCompliment],
    api: [SUBMISSION],
    local: { body: aCompliment({ email: 'grateful@example.com', name: 'Grace', function: 'fleet' }), actions: [], closure: 'compliment-recorded' },
  },
  {
    id: 'resolved-1',
    name: 'resolved at stage 1',
    description: 'acknowledged by email, stage 1 owner told, the owner records "resolved", closing letter',
    script: [S.acknowledgeByEmail, S.prepareStageOne, S.awaitResolved, S.prepareStageClosed, S.closingLetter],
    api: [SUBMISSION, staffChange('outcome: resolved')],
    local: { body: aComplaint({ function: 'operations' }), actions: [{ role: 'functional-head', action: 'outcome', body: RESOLVE }], closure: 'resolved' },
  },
  {
    id: 'extension',
    name: 'extended, then resolved',
    description: 'as above, but the owner first extends the deadline (the customer is told why), then resolves',
    script: [S.acknowledgeByEmail, S.prepareStageOne, S.awaitExtended, S.extensionNotice, S.prepareStageRearm, S.awaitResolved, S.prepareStageClosed, S.closingLetter],
    api: [SUBMISSION, staffChange('extension'), staffChange('outcome: resolved')],
    local: {
      body: aComplaint({ function: 'operations' }),
      actions: [
        { role: 'functional-head', action: 'extension', body: { workingDays: 5, reason: 'We are waiting for the tracking data' } },
        { role: 'functional-head', action: 'outcome', body: RESOLVE },
      ],
      closure: 'resolved',
    },
  },
  {
    id: 'further-action',
    name: 'further action, then resolved',
    description: 'the stage 1 owner records "further action" and names another Head, who resolves it at stage 2',
    script: [S.acknowledgeByEmail, S.prepareStageOne, S.awaitResolved, S.prepareStageTransferred, S.awaitResolved, S.prepareStageClosed, S.closingLetter],
    api: [SUBMISSION, staffChange('outcome: further action'), staffChange('outcome: resolved')],
    local: {
      body: aComplaint({ function: 'operations' }),
      actions: [
        { role: 'functional-head', action: 'outcome', body: { result: 'further-action', reason: 'Needs the fleet team', transferTo: 'fleet-deputy' } },
        { role: 'functional-head', action: 'outcome', body: RESOLVE, user: 'fleet-deputy' },
      ],
      closure: 'resolved',
    },
  },
  {
    id: 'ombudsman',
    name: 'timeouts to the Ombudsman',
    description: 'nobody records an outcome: deadline -> stage 2 (task to find an owner) -> deadline -> stage 3 (CRO) -> deadline -> Ombudsman letter',
    script: [
      S.acknowledgeByEmail,
      S.prepareStageOne,
      S.awaitTimeout,
      S.deadlinePassedEscalate,
      S.prepareStageNeedsOwner,
      S.awaitTimeout,
      S.deadlinePassedEscalate,
      S.prepareStageCro,
      S.awaitTimeout,
      S.deadlinePassedClose,
      S.prepareStageClosed,
      S.closingLetter,
    ],
    api: [SUBMISSION],
    local: { body: aComplaint({ function: 'operations' }), actions: [], closure: 'ombudsman-referral' },
  },
  {
    id: 'mail-retries',
    name: 'ack email fails, then resolved',
    description: 'SES is unavailable for the acknowledgement: 1 attempt + 3 retries, then the Administration Manager\'s task; resolved at stage 1',
    script: [
      S.acknowledgeMailDown,
      S.acknowledgeMailDown,
      S.acknowledgeMailDown,
      S.acknowledgeMailDown,
      S.acknowledgementFailed,
      S.prepareStageOne,
      S.awaitResolved,
      S.prepareStageClosed,
      S.closingLetter,
    ],
    api: [SUBMISSION, staffChange('outcome: resolved')],
    local: null,
  },
];

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The complaint state machine as deployed (placeholders left in: they are only strings here). */
export function complaintDefinition(): Definition {
  return JSON.parse(readFileSync(join(repoRoot, complaintWorkflow.definitionFile), 'utf8')) as Definition;
}

export interface PathModel {
  path: WorkflowPath;
  walk: Walk;
  /** Step Lambda invocations (one per Task attempt) + API Lambda invocations. */
  lambdaInvocations: number;
  ops: Ops;
}

export function modelPath(definition: Definition, path: WorkflowPath): PathModel {
  const w = walk(definition, { reference: 'CC-2026-00001' }, path.script);
  const ops = [...path.script.map((s) => s.ops), ...path.api.map((a) => a.ops)].reduce(addOps, none);
  return { path, walk: w, lambdaInvocations: w.steps.length + path.api.length, ops };
}
