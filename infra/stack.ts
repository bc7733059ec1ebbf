import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { functions, routes, type FunctionDefinition, type FunctionName } from '../functions/config/routes';
import { complaintWorkflow } from '../functions/config/workflow';
import type { Policy } from '../functions/domain/policy';
import { CasesApi } from './constructs/cases-api';
import { CasesTable } from './constructs/cases-table';
import { ComplaintWorkflow } from './constructs/complaint-workflow';
import type { HouseFunction } from './constructs/house-function';
import { MailSender } from './constructs/mail-sender';
import { PublicSite } from './constructs/public-site';
import { Schedules } from './constructs/schedules';
import { StaffDirectory } from './constructs/staff-directory';

export interface FireComplaintsStackProps extends StackProps {
  /** The validated complaints policy (functions/config/policy-source.ts). */
  readonly policy: Policy;
}

/**
 * The complaints system in AWS: the cases table, the staff directory, the HTTP API, the mail sender
 * and the complaint workflow, started and signalled by the API functions workflow.ts names.
 */
export class FireComplaintsStack extends Stack {
  readonly table: CasesTable;
  readonly staff: StaffDirectory;
  readonly api: CasesApi;
  readonly mail: MailSender;
  readonly workflow: ComplaintWorkflow;
  readonly site: PublicSite;
  readonly schedules: Schedules;

  constructor(scope: Construct, id: string, props: FireComplaintsStackProps) {
    super(scope, id, props);
    this.table = new CasesTable(this, 'CasesTable');
    this.staff = new StaffDirectory(this, 'StaffDirectory');
    this.api = new CasesApi(this, 'CasesApi', { functions, routes, table: this.table, policy: props.policy, staff: this.staff });
    // The case list: the only function that queries the indexes, and signs its cursors.
    this.table.bindCaseList(this.apiFunction('StaffQueries', 'lists'));
    this.mail = new MailSender(this, 'Mail', { policy: props.policy });
    this.workflow = new ComplaintWorkflow(this, complaintWorkflow.name, { table: this.table, policy: props.policy, mail: this.mail });
    for (const name of complaintWorkflow.startedBy) this.workflow.grantStart(this.apiFunction(name, 'startedBy'));
    for (const name of complaintWorkflow.signalledBy) this.workflow.grantSignal(this.apiFunction(name, 'signalledBy'));
    this.site = new PublicSite(this, 'PublicSite', { httpApi: this.api.httpApi, connectSources: this.staff.consoleConnectSources });
    // The console signs in through managed login and comes back to /staff/ on the site.
    this.staff.serveConsoleAt(this.site.url);
    for (const [name, fn] of this.api.functions) {
      if (!(functions[name] as FunctionDefinition).sitePages) continue;
      this.site.bindPages(fn);
      // The pages function serves the console's /staff/config.json: where staff sign in.
      this.staff.bindConsoleSignIn(fn);
    }
    // The acknowledgement email links to the tracking page.
    this.site.bindPublicUrl(this.workflow.stepsFunction);
    // The scheduled jobs of functions/config/schedules.ts (EventBridge Scheduler, Europe/London).
    this.schedules = new Schedules(this, 'Schedules', { table: this.table, policy: props.policy, mail: this.mail });
    // The monthly report's email links to the report on the console's Reports page.
    this.site.bindPublicUrl(this.schedules.functions.get('MonthlyReport')!);
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.staff.userPool.userPoolId, description: 'Staff user pool: add staff and put them in their role groups' });
    new CfnOutput(this, 'StaffConsoleClientId', { value: this.staff.clientId, description: "The staff console's app client id" });
    new CfnOutput(this, 'StaffTokenIssuer', { value: this.staff.issuerUrl, description: 'Issuer of staff tokens' });
    new CfnOutput(this, 'PublicUrl', { value: this.site.url, description: 'The public form (and the API, under /api/)' });
    new CfnOutput(this, 'StaffConsoleUrl', { value: `${this.site.url}/staff/`, description: 'The staff console' });
    new CfnOutput(this, 'StaffLoginUrl', { value: this.staff.loginUrl, description: "The staff's sign-in (Cognito managed login domain)" });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn, description: 'The complaint workflow' });
  }

  /** The API function workflow.ts names in `list`; synth fails if routes.ts has no such function. */
  private apiFunction(name: string, list: 'startedBy' | 'signalledBy' | 'lists'): HouseFunction {
    const fn = this.api.functions.get(name as FunctionName);
    if (!fn) throw new Error(`complaintWorkflow.${list} names ${name}, which is not a function of routes.ts`);
    return fn;
  }
}
