import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { table } from '../../functions/config/table';

/** What a function may do with the table; mirrors `RouteDefinition['table']` minus 'none'. */
export type TableAccess = 'read' | 'write';

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

  /** Grants exactly the data actions `access` needs: read, or read and write. */
  grant(grantee: IGrantable, access: TableAccess): void {
    switch (access) {
      case 'read':
        this.table.grantReadData(grantee);
        return;
      case 'write':
        this.table.grantReadWriteData(grantee);
        return;
      default: {
        const unknown: never = access;
        throw new Error(`Unknown table access: ${String(unknown)}`);
      }
    }
  }
}
