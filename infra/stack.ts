import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { functions, routes } from '../functions/config/routes';
import type { Policy } from '../functions/domain/policy';
import { CasesApi } from './constructs/cases-api';
import { CasesTable } from './constructs/cases-table';
import { StaffDirectory } from './constructs/staff-directory';

export interface FireComplaintsStackProps extends StackProps {
  /** The validated complaints policy (functions/config/policy-source.ts). */
  readonly policy: Policy;
}

/** The complaints system in AWS: the cases table, the staff directory and the HTTP API. */
export class FireComplaintsStack extends Stack {
  readonly table: CasesTable;
  readonly staff: StaffDirectory;
  readonly api: CasesApi;

  constructor(scope: Construct, id: string, props: FireComplaintsStackProps) {
    super(scope, id, props);
    this.table = new CasesTable(this, 'CasesTable');
    this.staff = new StaffDirectory(this, 'StaffDirectory');
    this.api = new CasesApi(this, 'CasesApi', { functions, routes, table: this.table, policy: props.policy, staff: this.staff });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.staff.userPool.userPoolId, description: 'Staff user pool: add staff and put them in their role groups' });
    new CfnOutput(this, 'StaffConsoleClientId', { value: this.staff.clientId, description: "The staff console's app client id" });
    new CfnOutput(this, 'StaffTokenIssuer', { value: this.staff.issuerUrl, description: 'Issuer of staff tokens' });
  }
}
