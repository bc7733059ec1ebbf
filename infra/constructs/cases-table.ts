import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { table } from '../../functions/config/table';

/** What a function may do with the table; mirrors `RouteDefinition['table']` minus 'none'. */
export type TableAccess = 'read' | 'write';

/**
 * The actions the adapters issue, and no more (functions/adapters/dynamodb-case-repository.ts):
 * reading is GetItem and Query (no list scans the table); writing is PutItem and UpdateItem, alone
 * or inside TransactWriteItems, which IAM authorizes action by action.
 */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
const TABLE_ACTIONS: Record<TableAccess, readonly string[]> = { read: READ_ACTIONS, write: [...READ_ACTIONS, ...WRITE_ACTIONS] };
/** The only thing the code does with an index: Query it (DynamoDbCaseRepository.listPage, and listOpen for the jobs of schedules.ts). */
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
  private cursorKey?: Secret;

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
   * Grants exactly the data actions `access` needs on the table (GetItem and Query by key, and the
   * writes). Querying the indexes is the case list's alone: see `bindCaseList`.
   */
  grant(grantee: IGrantable, access: TableAccess): void {
    const actions = TABLE_ACTIONS[access];
    if (!actions) throw new Error(`Unknown table access: ${String(access)}`);
    Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [this.table.tableArn] });
  }

  /**
   * Makes a function the case list's: Query on the indexes table.ts names, each by its ARN (CDK's own
   * grants would add `index/*`), and the key that signs the list's cursors (CURSOR_KEY).
   *
   * The key is 64 random characters Secrets Manager generates at the first deploy, never in the
   * template or the cloud assembly. CloudFormation resolves the dynamic reference into the function's
   * environment (encrypted at rest), so the function needs no Secrets Manager call, client or grant at
   * cold start, and runs unchanged locally, where the key is a random one in the data directory.
   * Replacing the secret (and deploying) only turns cursors in flight into a 400: the list starts again.
   */
  bindCaseList(fn: IGrantable & { addEnvironment(key: string, value: string): unknown }): void {
    if (this.indexArns.length > 0) Grant.addToPrincipal({ grantee: fn, actions: INDEX_ACTIONS, resourceArns: this.indexArns });
    this.cursorKey ??= this.createCursorKey();
    fn.addEnvironment('CURSOR_KEY', this.cursorKey.secretValue.unsafeUnwrap());
  }

  /**
   * Query on the named indexes of table.ts only, each by its own ARN: for a function that reads an
   * index but lists nothing (a scheduled job reading the open cases by deadline). Synth fails on a
   * name table.ts does not define.
   */
  grantIndexQuery(grantee: IGrantable, indexNames: readonly string[]): void {
    if (indexNames.length === 0) return;
    const known = Object.values(table.indexes).map((index) => index.indexName as string);
    const unknown = indexNames.filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new Error(`No index ${unknown.join(', ')} in functions/config/table.ts`);
    Grant.addToPrincipal({ grantee, actions: INDEX_ACTIONS, resourceArns: indexNames.map((name) => `${this.table.tableArn}/index/${name}`) });
  }

  private createCursorKey(): Secret {
    const secret = new Secret(this, 'ListCursorKey', {
      description: "Signs the staff case list's cursors (HMAC-SHA256); changing it only restarts lists being paged",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Read at deploy into the listing function; rotating it means a deploy and only restarts lists being paged, so it is rotated by replacing it, not by a rotation Lambda',
    });
    return secret;
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
