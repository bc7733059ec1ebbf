import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { table } from '../config/table';
import { ConcurrentUpdateError, StoreUnavailableError } from '../domain/errors';
import type { FormSession, FormSessionRepository } from '../domain/form-session';

const SK = 'FORM';
const keyOf = (key: string) => ({ [table.partitionKey.name]: `FORM#${key}`, [table.sortKey.name]: SK });

/** Form sessions in the cases table: pk FORM#<hash of the session id>, sk FORM, expired by TTL. */
export class DynamoDbFormSessionRepository implements FormSessionRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(key: string): Promise<FormSession | undefined> {
    try {
      const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keyOf(key), ConsistentRead: true }));
      return out.Item ? (out.Item.session as FormSession) : undefined;
    } catch (error) {
      throw new StoreUnavailableError('The form store could not be read', { cause: error });
    }
  }

  async save(session: FormSession, expectedVersion: number): Promise<void> {
    const first = expectedVersion === 0;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keyOf(session.key),
            session,
            version: session.version,
            [table.timeToLiveAttribute]: Math.ceil(Date.parse(session.expiresAt) / 1000),
          },
          ConditionExpression: first ? 'attribute_not_exists(#key)' : '#key = :expected',
          ExpressionAttributeNames: { '#key': first ? table.partitionKey.name : 'version' },
          ...(first ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') {
        throw new ConcurrentUpdateError('The answers were changed at the same time in another window', { cause: error });
      }
      throw new StoreUnavailableError('The form store could not be written', { cause: error });
    }
  }
}
