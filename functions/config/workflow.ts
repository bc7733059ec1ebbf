import { join } from 'node:path';

/**
 * The complaint workflow, defined once: the ASL file, the Lambda function behind its Task states,
 * and the `${...}` placeholders the file uses. infra/ loads it with CDK's definitionSubstitutions;
 * local/ substitutes the same placeholders and runs it in aws-local-stepfunctions.
 */
export const complaintWorkflow = {
  name: 'ComplaintWorkflow',
  /** Relative to the repository root. */
  definitionFile: join('statemachines', 'complaint.asl.json'),
  /** The Lambda module behind every Task, with what it needs from the table. */
  stepsFunction: { name: 'WorkflowSteps', handler: 'workflow/steps.ts', table: 'write' },
  /** Placeholder → what fills it. */
  substitutions: { WorkflowStepsArn: 'the WorkflowSteps function ARN' },
  /** Route functions that start workflows or signal them. */
  startedBy: ['SubmitPublic', 'StaffCommands', 'PublicPages'],
  signalledBy: ['StaffCommands', 'PublicPages'],
} as const;

/** Replaces `${Name}` placeholders as CDK's definitionSubstitutions does; refuses any left unfilled. */
export function substitute(definition: string, values: Record<string, string>): string {
  const filled = definition.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  const left = [...filled.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
  if (left.length) throw new Error(`Unfilled placeholders in the workflow definition: ${[...new Set(left)].join(', ')}`);
  return filled;
}
