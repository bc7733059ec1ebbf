import type { WorkingDayCalendar } from './calendar';
import type { Case } from './case';
import * as rules from './case-rules';
import { WorkflowUnavailableError } from './errors';
import type { Policy } from './policy';
import type { CaseRepository, DirectoryRepository, Workflow } from './ports';
import { directoryOrDefault } from './staff';

/** What the person (or the member of staff who recorded it) is told once a case is logged. */
export interface Receipt {
  reference: string;
  kind: 'complaint' | 'compliment';
  receivedAt: string;
  acknowledgeBy: string;
}

export interface StartWorkflowDeps {
  policy: Policy;
  calendar: WorkingDayCalendar;
  cases: CaseRepository;
  directory: DirectoryRepository;
  workflow: Workflow;
  now: () => Date;
}

/**
 * Starts the case's workflow. The case is already logged, so a failure here must not fail the
 * request (a retry would log it twice): the case gets a task the Administration Manager sees.
 */
export async function startWorkflow(c: Case, d: StartWorkflowDeps): Promise<void> {
  try {
    await d.workflow.start(c.reference);
  } catch (error) {
    if (!(error instanceof WorkflowUnavailableError)) throw error;
    const ctx = { staff: rules.SYSTEM, actor: { type: 'system' as const }, now: d.now(), policy: d.policy, calendar: d.calendar, directory: directoryOrDefault(await d.directory.get(), d.policy) };
    const { case: next, event } = rules.addTask(c, { type: 'workflow-stopped', due: c.acknowledgeBy, note: 'The workflow did not start: acknowledge and assign by hand' }, ctx);
    await d.cases.save(next, event, c.version);
  }
}
