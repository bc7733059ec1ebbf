import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documentClient,
  DynamoDbCaseRepository,
  DynamoDbDirectoryRepository,
  DynamoDbWorkflowStateRepository,
} from '../../functions/adapters/dynamodb-case-repository';
import { SfnWorkflow } from '../../functions/adapters/sfn-workflow';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { WorkflowUnavailableError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { receiveSubmission } from '../../functions/domain/receive-submission';
import { assignOwner, extendDeadline, type StaffDeps } from '../../functions/domain/staff-service';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb';
import { aComplaint } from '../support/mothers';
import { freePort } from '../support/ports';

/**
 * When Step Functions cannot be reached (a real fault: nothing listens on the endpoint), the case
 * and every recorded change stand, and the failure is visible.
 */

let dynamodb: DynamoDbLocal;
let deps: StaffDeps;
let state: DynamoDbWorkflowStateRepository;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await ensureTable(client, 'faults');
  const doc = documentClient(client);
  state = new DynamoDbWorkflowStateRepository(doc, 'faults');
  const deadSfn = new SFNClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  deps = {
    policy: defaultPolicy,
    calendar: WorkingDayCalendar.fromPolicy(defaultPolicy),
    cases: new DynamoDbCaseRepository(doc, 'faults'),
    directory: new DynamoDbDirectoryRepository(doc, 'faults'),
    workflow: new SfnWorkflow(deadSfn, 'arn:aws:states:eu-west-2:123456789012:stateMachine:ComplaintWorkflow', state),
    now: () => new Date(),
  };
});
afterAll(async () => dynamodb?.stop());

describe('Step Functions unreachable', () => {
  it('the adapter reports WorkflowUnavailableError', async () => {
    await expect(deps.workflow.start('CC-2026-00099')).rejects.toThrow(WorkflowUnavailableError);
    await state.update('CC-2026-00099', { taskToken: 'a-token' });
    await expect(deps.workflow.signal('CC-2026-00099', 'outcome-recorded')).rejects.toThrow(WorkflowUnavailableError);
  });

  it('a submission is still logged, with a task for the Administration Manager to handle it by hand', async () => {
    const receipt = await receiveSubmission(aComplaint(), deps);
    const c = await deps.cases.get(receipt.reference);
    expect(c?.tasks).toEqual([expect.objectContaining({ type: 'workflow-stopped', due: receipt.acknowledgeBy })]);
    expect((await deps.cases.timeline(receipt.reference)).map((e) => e.type)).toEqual(['received', 'task-created']);
  });

  it('a staff change stands, and the answer says the workflow was not told', async () => {
    const receipt = await receiveSubmission(aComplaint({ function: 'operations' }), deps);
    const admin = { id: 'admin-manager', roles: ['admin-manager' as const] };
    const assigned = await assignOwner(admin, { reference: receipt.reference, body: { expectedVersion: 2 } }, deps);
    await state.update(receipt.reference, { taskToken: 'token-of-a-wait' });
    const head = { id: 'operations-head', roles: ['functional-head' as const] };
    const view = await extendDeadline(head, { reference: receipt.reference, body: { expectedVersion: assigned.version, workingDays: 2, reason: 'Waiting for a witness' } }, deps);
    expect(view.workflow).toEqual({ signalled: false, error: expect.stringMatching(/could not be told/) });
    expect((await deps.cases.get(receipt.reference))?.stages[0]?.extendedBy).toBe(2);
  });
});
