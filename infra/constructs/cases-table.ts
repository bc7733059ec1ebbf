import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { table } from '../../functions/config/table';

/** What a function may do with the table; mirrors `RouteDefinition['table']` minus 'none'. */
export type TableAccess = 'read' | 'write';

/**
 * The actions the adapters issue, and no more (functions/adapters/dynamodb-case-repository.ts):
 * reading is GetItem, Query and (until lists use indexes only) Scan; writing is PutItem and
 * UpdateItem, alone or inside TransactWriteItems, which IAM authorizes action by action.
 */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
const TABLE_ACTIONS: Record<TableAccess, readonly string[]> = { read: READ_ACTIONS, write: [...READ_ACTIONS, ...WRITE_ACTIONS] };
/** The only thing the code does with an index: Query it (DynamoDbCaseRepository.listOpen, listReceivedIn). */
const INDEX_ACTIONS = ['dynamodb:Query'];

type KeyDefinition = { readonly name: string; readonly type: 'S' | 'N' | 'B' };

const attributeTypes = { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY } as const;
const attribute = (key: KeyDefinition): Attribute => ({ name: key.name, type: attributeTypes[key.type] });

/**
 * The single cases table, built from functions/config/table.ts (keys, TTL attribute, indexes).
 * On-demand, point-in-time recovery, deletion protection, and retained when the stack is deleted:
 * it holds the complaints record.
 */
export class CasesTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: attribute(table.partitionKey),
      sortKey: attribute(table.sortKey),
      timeToLiveAttribute: table.timeToLiveAttribute,
      globalSecondaryIndexes: Object.values(table.indexes).map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: ProjectionType.ALL,
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Encrypted at rest with the key DynamoDB owns (no KMS charges, no key grants to manage).
      encryption: TableEncryptionV2.dynamoOwnedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  get tableName(): string {
    return this.table.tableName;
  }

  /** The ARN of each index of table.ts, by name: grants name them rather than `index/*`. */
  get indexArns(): string[] {
    return Object.values(table.indexes).map((index) => `${this.table.tableArn}/index/${index.indexName}`);
  }

  /**
   * Grants exactly the data actions `access` needs: read, or read and write, on the table; and
   * Query on the indexes table.ts names, each by its ARN (CDK's grants would add `index/*`).
   */
  grant(grantee: IGrantable, access: TableAccess): void {
    const actions = TABLE_ACTIONS[access];
    if (!actions) throw new Error(`Unknown table access: ${String(access)}`);
    Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [this.table.tableArn] });
    if (this.indexArns.length > 0) Grant.addToPrincipal({ grantee, actions: INDEX_ACTIONS, resourceArns: this.indexArns });
  }

  /**
   * Powertools idempotency also deletes its own records (a request that failed frees its key): the
   * one DeleteItem anyone needs, and only on items whose partition key starts `keyPrefix`.
   */
  grantIdempotencyRecords(grantee: IGrantable, keyPrefix: string): void {
    Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:DeleteItem'],
      resourceArns: [this.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keyPrefix}*`] } },
    });
  }
}
