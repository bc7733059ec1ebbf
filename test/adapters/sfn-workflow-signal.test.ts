import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient, DynamoDbWorkflowStateRepository } from '../../functions/adapters/dynamodb-case-repository';
import { SfnWorkflow } from '../../functions/adapters/sfn-workflow';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb';
import { freePort } from '../support/ports';

/**
 * Telling a waiting workflow of a change, and forgetting the token of the wait it ended. The
 * workflow goes on at once and may store the token of its next wait before the adapter has
 * forgotten the old one: that newer token must survive, or the next change could not reach the
 * workflow. Step Functions cannot be made to answer between two writes of ours, so the client's
 * SendTaskSuccess is answered in the client, after the workflow's next wait is stored in DynamoDB
 * Local as the resumed workflow would store it.
 */

let dynamodb: DynamoDbLocal;
let state: DynamoDbWorkflowStateRepository;
let sent: string[] = [];
/** What the workflow does when told to go on (before the adapter hears back). */
let resumed: (reference: string) => Promise<void> = async () => undefined;
const REFERENCE = 'CC-2026-00042';

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await ensureTable(client, 'signals');
  state = new DynamoDbWorkflowStateRepository(documentClient(client), 'signals');
});
afterAll(async () => dynamodb?.stop());

function workflow(): SfnWorkflow {
  const sfn = new SFNClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  sfn.middlewareStack.add(
    () => async (args) => {
      const input = args.input as { taskToken: string };
      sent.push(input.taskToken);
      await resumed(REFERENCE);
      return { output: { $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 'answerSendTaskSuccess' },
  );
  return new SfnWorkflow(sfn, 'arn:aws:states:eu-west-2:123456789012:stateMachine:ComplaintWorkflow', state);
}

beforeEach(async () => {
  sent = [];
  resumed = async () => undefined;
  await state.update(REFERENCE, { taskToken: undefined });
});

describe('SfnWorkflow.signal', () => {
  it('ends the wait whose token is stored, and forgets that token', async () => {
    await state.update(REFERENCE, { taskToken: 'stage-1-wait' });
    expect(await workflow().signal(REFERENCE, 'details-updated')).toBe(true);
    expect(sent).toEqual(['stage-1-wait']);
    expect((await state.get(REFERENCE)).taskToken).toBeUndefined();
  });

  it('keeps the token of the next wait when the workflow stored it before the adapter heard back', async () => {
    await state.update(REFERENCE, { taskToken: 'stage-1-wait' });
    resumed = (reference) => state.update(reference, { taskToken: 'stage-1-wait-again' });
    expect(await workflow().signal(REFERENCE, 'details-updated')).toBe(true);
    expect((await state.get(REFERENCE)).taskToken).toBe('stage-1-wait-again');
    // So the next change reaches the workflow's next wait.
    resumed = async () => undefined;
    expect(await workflow().signal(REFERENCE, 'owner-assigned')).toBe(true);
    expect(sent).toEqual(['stage-1-wait', 'stage-1-wait-again']);
  });

  it('says false, sending nothing, when no wait is stored', async () => {
    expect(await workflow().signal(REFERENCE, 'details-updated')).toBe(false);
    expect(sent).toEqual([]);
  });
});
