import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { documentClient } from '../functions/adapters/dynamodb-case-repository';

/**
 * Puts `count` items into `table` (item i made by `itemAt(i)`, as it is stored), 25 a batch, eight
 * batches at a time, writing again what DynamoDB leaves unprocessed. For filling benchmark tables.
 */
export async function putAll(doc: ReturnType<typeof documentClient>, table: string, count: number, itemAt: (i: number) => Record<string, unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + 25);
      let items = Array.from({ length: next - from }, (_, k) => ({ PutRequest: { Item: itemAt(from + k) } }));
      while (items.length) {
        const out: BatchWriteCommandOutput = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: items } }));
        items = (out.UnprocessedItems?.[table] ?? []) as typeof items;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
