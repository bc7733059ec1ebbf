import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { WorkflowUnavailableError } from '../domain/errors';
import type { Workflow, WorkflowStateRepository } from '../domain/ports';

/** Errors meaning "nothing is waiting on that token any more": the workflow has moved on by itself. */
const STALE_TOKEN = new Set(['TaskDoesNotExist', 'InvalidToken', 'TaskTimedOut']);

/** The complaint workflow on Step Functions: one execution per case, named by its reference. */
export class SfnWorkflow implements Workflow {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
    private readonly state: WorkflowStateRepository,
  ) {}

  async start(reference: string): Promise<void> {
    try {
      // Same name and input while it runs: Step Functions returns the running execution (no second one).
      await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: reference, input: JSON.stringify({ reference }) }));
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return;
      throw new WorkflowUnavailableError(`The workflow of ${reference} could not be started`, { cause: error });
    }
  }

  async signal(reference: string, event: string): Promise<boolean> {
    const { taskToken } = await this.state.get(reference);
    if (!taskToken) return false;
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ event }) }));
      // Only this token: the workflow may already wait again, under a token of its next wait.
      await this.state.forgetTaskToken(reference, taskToken);
      return true;
    } catch (error) {
      if (STALE_TOKEN.has((error as Error).name)) return false;
      throw new WorkflowUnavailableError(`The workflow of ${reference} could not be told of the change`, { cause: error });
    }
  }
}
