import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FunctionName } from '../functions/config/routes';
import type { JobName } from '../functions/config/schedules';
import { complaintWorkflow } from '../functions/config/workflow';
import type { Policy } from '../functions/domain/policy';

/**
 * The handlers CDK deploys, for the local stack to run instead of the TypeScript sources. The
 * stack of infra/ is synthesized into `outdir` exactly as `cdk synth` does it (NodejsFunction
 * bundles each function with esbuild into an asset folder), and each function is found by the S3 key
 * of its code asset in the template: the very file Lambda would run.
 */
export type BundledFunctionName = FunctionName | typeof complaintWorkflow.stepsFunction.name | JobName;
export type BundledHandlers = Readonly<Record<BundledFunctionName, string>>;

/** One function as the synthesized template deploys it. */
export interface SynthesizedFunction {
  /** Its bundle: the index.mjs of its code asset. */
  file: string;
  /** Its environment variables whose values are written in the template. */
  variables: Record<string, string>;
  /** The names of the variables whose values exist only at deploy time (a table's name, an ARN, ...). */
  deployTime: string[];
}

export type SynthesizedFunctions = Readonly<Record<BundledFunctionName, SynthesizedFunction>>;

/** Synthesizes the CDK app into `outdir` and describes each of its functions: bundle and environment. */
export async function synthesizeFunctions(outdir: string, policy: Policy): Promise<SynthesizedFunctions> {
  // Loaded here, not at the top: `npm start` from sources never pays for the CDK library.
  const { App, Stack } = await import('aws-cdk-lib');
  const { CfnFunction } = await import('aws-cdk-lib/aws-lambda');
  const { FireComplaintsStack } = await import('../infra/stack');
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir: resolve(outdir) });
  const stack = new FireComplaintsStack(app, 'FireComplaints', { policy });
  app.synth();

  const describe = (fn: import('constructs').IConstruct, name: string): SynthesizedFunction => {
    const cfn = fn.node.defaultChild;
    if (!(cfn instanceof CfnFunction)) throw new Error(`${name} has no CfnFunction`);
    const code = Stack.of(fn).resolve(cfn.code) as { s3Key?: unknown };
    const key = typeof code.s3Key === 'string' ? code.s3Key : '';
    const hash = /^([0-9a-f]{64})\.zip$/.exec(key)?.[1];
    if (!hash) throw new Error(`${name}: its code is not a bundled asset (S3 key ${JSON.stringify(code.s3Key)})`);
    const file = join(resolve(outdir), `asset.${hash}`, 'index.mjs');
    if (!existsSync(file)) throw new Error(`${name}: no bundle at ${file}`);
    const environment = Stack.of(fn).resolve(cfn.environment) as { variables?: Record<string, unknown> } | undefined;
    const variables: Record<string, string> = {};
    const deployTime: string[] = [];
    for (const [key, value] of Object.entries(environment?.variables ?? {})) {
      if (typeof value === 'string') variables[key] = value;
      else deployTime.push(key);
    }
    return { file, variables, deployTime };
  };

  const described: Partial<Record<BundledFunctionName, SynthesizedFunction>> = {};
  for (const [name, fn] of stack.api.functions) described[name] = describe(fn, name);
  described[complaintWorkflow.stepsFunction.name] = describe(stack.workflow.stepsFunction, complaintWorkflow.stepsFunction.name);
  for (const [name, fn] of stack.schedules.functions) described[name] = describe(fn, name);
  return described as SynthesizedFunctions;
}

/** The bundle of each function of the synthesized CDK app (see synthesizeFunctions). */
export async function synthesizeBundles(outdir: string, policy: Policy): Promise<BundledHandlers> {
  const described = await synthesizeFunctions(outdir, policy);
  return Object.fromEntries(Object.entries(described).map(([name, fn]) => [name, fn.file])) as unknown as BundledHandlers;
}
