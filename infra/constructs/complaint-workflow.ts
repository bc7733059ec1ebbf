import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, Duration, Names, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionDefinition } from '../../functions/config/routes';
import { complaintWorkflow } from '../../functions/config/workflow';
import type { Policy } from '../../functions/domain/policy';
import type { CasesTable } from './cases-table';
import { HouseFunction, repoRoot } from './house-function';
import type { MailSender } from './mail-sender';

/** What starting a workflow takes (SfnWorkflow.start). */
const START_ACTIONS = ['states:StartExecution'];
/**
 * What signalling a waiting workflow takes (SfnWorkflow.signal). Only SendTaskSuccess: nothing in
 * functions/ reports a task failure or a heartbeat. Add those here if the adapter ever does.
 */
const SIGNAL_ACTIONS = ['states:SendTaskSuccess'];

/** `${Name}` placeholders in an ASL text, each once, in order of first use. */
function placeholdersOf(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!))];
}

/**
 * Fails synth unless the ASL text is JSON using exactly the placeholders `provided`: a placeholder
 * nothing fills would reach Step Functions as literal text, and one the file no longer uses means
 * workflow.ts and the file have drifted apart.
 */
export function checkDefinition(definition: string, file: string, provided: readonly string[]): void {
  const used = placeholdersOf(definition);
  const missing = used.filter((name) => !provided.includes(name));
  if (missing.length > 0) throw new Error(`${file} uses placeholders nothing fills: ${missing.join(', ')}`);
  const unused = provided.filter((name) => !used.includes(name));
  if (unused.length > 0) throw new Error(`complaintWorkflow.substitutions fills placeholders ${file} does not use: ${unused.join(', ')}`);
  try {
    JSON.parse(definition.replace(/\$\{(\w+)\}/g, 'placeholder'));
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

export interface ComplaintWorkflowProps {
  readonly table: CasesTable;
  readonly policy: Policy;
  /** The sender the steps mail as. */
  readonly mail: MailSender;
}

/**
 * The complaint workflow of functions/config/workflow.ts: the Lambda function behind every Task
 * (given the table access it declares and the mail sender) and a Standard state machine loaded
 * from the ASL file, its `${...}` placeholders filled from `complaintWorkflow.substitutions`.
 * Executions are traced in X-Ray and log every event, without their data (no inputs or outputs).
 * Functions that start or signal executions are bound with `grantStart` / `grantSignal`, which set
 * STATE_MACHINE_ARN and grant exactly that.
 */
export class ComplaintWorkflow extends Construct {
  readonly stepsFunction: HouseFunction;
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;
  /**
   * The state machine's ARN built from its fixed name rather than referenced. The steps function
   * needs the ARN while the state machine needs the function's: a reference each way is a cycle.
   */
  private readonly builtArn: string;

  constructor(scope: Construct, id: string, props: ComplaintWorkflowProps) {
    super(scope, id);
    const steps = complaintWorkflow.stepsFunction;
    this.stepsFunction = new HouseFunction(this, steps.name, {
      handler: steps.handler,
      policy: props.policy,
      description: `${steps.name}: every Task of ${complaintWorkflow.definitionFile}`,
      // A step reads and writes a case and may send one email; the ASL gives each Task 60 s.
      timeout: Duration.seconds(30),
      // Every email's words are in web/locales/<language>.json, read at cold start (functions/api/deps.ts).
      locales: true,
    });
    const access = steps.table as FunctionDefinition['table']; // widened: workflow.ts may say 'none' one day
    if (access !== 'none') this.stepsFunction.bindTable(props.table, access);
    props.mail.grantSend(this.stepsFunction);
    Validations.of(this.stepsFunction).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Only ever invoked synchronously, by the state machine (lambda:invoke and lambda:invoke.waitForTaskToken; no Task ' +
        'asks for InvocationType Event): a failure returns to the execution, whose Retry and Catch handle it. A dead-letter ' +
        'queue only receives failed asynchronous events, and this function gets none.',
    });

    const definitionFile = path.join(repoRoot, complaintWorkflow.definitionFile);
    const values = {
      WorkflowStepsArn: this.stepsFunction.functionArn,
    } satisfies Record<keyof typeof complaintWorkflow.substitutions, string>;
    checkDefinition(readFileSync(definitionFile, 'utf8'), complaintWorkflow.definitionFile, Object.keys(values));

    // Names are unique per account and region, so the name carries the stack's (and is at most 80).
    const stateMachineName = Names.uniqueResourceName(this, { maxLength: 80, separator: '-', allowedSpecialCharacters: '-_' });
    this.builtArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.logGroup = new LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps Step Functions off the account's 5 KB CloudWatch Logs resource policy.
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: RetentionDays.THREE_MONTHS,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(definitionFile),
      definitionSubstitutions: values,
      // Every state transition is logged (what happened, when, to which execution); inputs and
      // outputs are not: executions carry only the reference, but they stay out of the logs anyway.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only what logging and tracing need, as AWS documents them for Step Functions: CloudWatch Logs log delivery ' +
        '(logs:CreateLogDelivery, PutResourcePolicy and the rest) and X-Ray (xray:PutTraceSegments, PutTelemetryRecords, ' +
        'GetSamplingRules, GetSamplingTargets) have no resource-level permissions. Its one other grant is InvokeFunction on the steps function.',
    });
    // The definition comes from a file, so CDK grants nothing for its Tasks: exactly this function.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.stepsFunction.functionArn] }),
    );
    // The await step signals its own token when the case changed while it was being armed.
    this.grantSignal(this.stepsFunction);
  }

  /** Lets `fn` start executions: sets STATE_MACHINE_ARN and grants states:StartExecution on this state machine. */
  grantStart(fn: HouseFunction): void {
    this.bind(fn, START_ACTIONS);
  }

  /**
   * Lets `fn` complete a waiting task (SendTaskSuccess): sets STATE_MACHINE_ARN and grants on this
   * state machine's ARN, the resource IAM evaluates a task token of one of its executions against.
   */
  grantSignal(fn: HouseFunction): void {
    this.bind(fn, SIGNAL_ACTIONS);
  }

  private bind(fn: HouseFunction, actions: string[]): void {
    const arn = this.arnFor(fn);
    fn.addEnvironment('STATE_MACHINE_ARN', arn);
    fn.addToRolePolicy(new PolicyStatement({ actions, resources: [arn] }));
  }

  /**
   * A reference for every function but the steps function, so they are deployed after the state
   * machine exists; the built ARN for the steps function, which the state machine depends on.
   */
  private arnFor(fn: HouseFunction): string {
    return fn === this.stepsFunction ? this.builtArn : this.stateMachine.stateMachineArn;
  }
}
