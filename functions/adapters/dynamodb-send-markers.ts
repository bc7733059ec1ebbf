import { GetCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { updateItem } from './dynamodb-case-repository';
import { table } from '../config/table';
import { StoreUnavailableError } from '../domain/errors';
import type { LetterRecord, SendMarker, SendMarkers } from '../domain/ports';

/** Markers are kept this long after their day (TTL, best effort; nothing relies on it going). */
const KEEP_DAYS = 40;

/**
 * The marks of a scheduled job's sends: one item per marker, pk `MARK#<job>#<day>`, sk `<key>`, with
 * the claim's `state` and `at` (a day's marks in one partition), expiring KEEP_DAYS after the day.
 * Every write is one UpdateItem, conditional where it claims or gives back.
 */
export class DynamoDbSendMarkers implements SendMarkers {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(marker: SendMarker) {
    return { [table.partitionKey.name]: `MARK#${marker.job}#${marker.day}`, [table.sortKey.name]: marker.key };
  }

  private expiration(marker: SendMarker): number {
    return Math.floor(Date.parse(`${marker.day}T00:00:00Z`) / 1000) + KEEP_DAYS * 24 * 60 * 60;
  }

  async claim(marker: SendMarker, at: string): Promise<LetterRecord | undefined> {
    const claimed = await this.write(
      {
        Key: this.key(marker),
        UpdateExpression: 'SET #entity = :entity, #state = :sending, #at = :at, #expiration = :expiration',
        ConditionExpression: 'attribute_not_exists(#state)',
        ExpressionAttributeNames: { '#entity': 'entity', '#state': 'state', '#at': 'at', '#expiration': table.timeToLiveAttribute },
        ExpressionAttributeValues: { ':entity': 'send-marker', ':sending': 'sending', ':at': at, ':expiration': this.expiration(marker) },
      },
      { conditional: true },
    );
    if (claimed) return undefined;
    // Someone claimed it first: say how that claim stands. (Given back in between: try again.)
    return (await this.get(marker)) ?? this.claim(marker, at);
  }

  async settle(marker: SendMarker, record: LetterRecord): Promise<void> {
    await this.write({
      Key: this.key(marker),
      UpdateExpression: 'SET #state = :state, #at = :at',
      ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
      ExpressionAttributeValues: { ':state': record.state, ':at': record.at },
    });
  }

  async release(marker: SendMarker): Promise<void> {
    // Only a claim still being sent is given back; a send recorded as done stays done.
    await this.write(
      {
        Key: this.key(marker),
        UpdateExpression: 'REMOVE #state, #at',
        ConditionExpression: '#state = :sending',
        ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
        ExpressionAttributeValues: { ':sending': 'sending' },
      },
      { conditional: true },
    );
  }

  private async get(marker: SendMarker): Promise<LetterRecord | undefined> {
    try {
      const item = (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.key(marker), ConsistentRead: true }))).Item;
      return item?.state ? { state: item.state as LetterRecord['state'], at: item.at as string } : undefined;
    } catch (error) {
      throw new StoreUnavailableError('A send marker could not be read', { cause: error });
    }
  }

  /** One UpdateItem; with `conditional`, resolves false when its condition failed. */
  private write(input: Omit<UpdateCommandInput, 'TableName'>, options: { conditional?: boolean } = {}): Promise<boolean> {
    return updateItem(this.doc, this.tableName, input, { ...options, failure: 'A send marker could not be stored' });
  }
}
