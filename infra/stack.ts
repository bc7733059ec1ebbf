import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { routes } from '../functions/config/routes';
import type { Policy } from '../functions/domain/policy';
import { CasesApi } from './constructs/cases-api';
import { CasesTable } from './constructs/cases-table';

export interface FireComplaintsStackProps extends StackProps {
  /** The validated complaints policy (functions/config/policy-source.ts). */
  readonly policy: Policy;
}

/** The complaints system in AWS: the cases table and the HTTP API in front of it. */
export class FireComplaintsStack extends Stack {
  readonly table: CasesTable;
  readonly api: CasesApi;

  constructor(scope: Construct, id: string, props: FireComplaintsStackProps) {
    super(scope, id, props);
    this.table = new CasesTable(this, 'CasesTable');
    this.api = new CasesApi(this, 'CasesApi', { routes, table: this.table, policy: props.policy });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
  }
}
