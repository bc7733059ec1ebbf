import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { documentClient } from '../../functions/adapters/dynamodb-case-repository';

interface Store {
  doc: ReturnType<typeof documentClient>;
  tableName: string;
}

async function item(store: Store, reference: string, sk: string) {
  const out = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { pk: `CASE#${reference}`, sk }, ConsistentRead: true }));
  return out.Item;
}

/** The workflow's own item of the case (task token, who was told, letters, the scaled clock), as stored. */
export async function workflowItem(store: Store, reference: string): Promise<Record<string, any> | undefined> {
  return item(store, reference, 'WORKFLOW');
}

/** The case's audit events, oldest first, as stored. */
export async function timeline(store: Store, reference: string): Promise<Array<{ type: string; at: string; data: Record<string, unknown> }>> {
  const out = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': `CASE#${reference}`, ':event': 'EVENT#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as Array<{ type: string; at: string; data: Record<string, unknown> }>;
}

/**
 * Waits until the case's workflow has nothing more to do for now: it waits for the stage outcome
 * armed on the case as it stands, or the case is closed and its workflow has finished with it.
 */
export async function settled(store: Store, reference: string, timeoutMs = 20_000): Promise<{ version: number; status: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [c, w] = await Promise.all([item(store, reference, 'CASE'), item(store, reference, 'WORKFLOW')]);
    if (c && w?.taskToken && w.armedVersion === c.version) return { version: c.version as number, status: c.status as string };
    if (c?.status === 'closed' && !w?.taskToken) return { version: c.version as number, status: c.status as string };
    if (Date.now() > until) throw new Error(`the workflow of ${reference} did not settle: ${JSON.stringify({ case: c && { version: c.version, status: c.status, stage: c.stage }, workflow: w })}`);
    await sleep(50);
  }
}

/** The Step Functions execution of a case (named by its reference), as DescribeExecution reports it. */
export async function execution(stepFunctionsEndpoint: string, reference: string) {
  const { SFNClient, DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
  const client = new SFNClient({ endpoint: stepFunctionsEndpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const executionArn = `${process.env.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:')}:${reference}`;
  try {
    return await client.send(new DescribeExecutionCommand({ executionArn }));
  } finally {
    client.destroy();
  }
}

/** Waits until the case is closed and its execution has ended; returns the execution's status. */
export async function finished(store: Store & { stepFunctionsEndpoint: string }, reference: string, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = (await execution(store.stepFunctionsEndpoint, reference)).status ?? 'UNKNOWN';
    if (status !== 'RUNNING') return status;
    if (Date.now() > until) throw new Error(`the workflow of ${reference} is still running`);
    await sleep(50);
  }
}
