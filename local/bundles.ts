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

export async function synthesizeBundles(outdir: string, policy: Policy): Promise<BundledHandlers> {
  // Loaded here, not at the top: `npm start` from sources never pays for the CDK library.
  const { App, Stack } = await import('aws-cdk-lib');
  const { CfnFunction } = await import('aws-cdk-lib/aws-lambda');
  const { FireComplaintsStack } = await import('../infra/stack');
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir: resolve(outdir) });
  const stack = new FireComplaintsStack(app, 'FireComplaints', { policy });
  app.synth();

  const fileOf = (fn: import('constructs').IConstruct, name: string): string => {
    const cfn = fn.node.defaultChild;
    if (!(cfn instanceof CfnFunction)) throw new Error(`${name} has no CfnFunction`);
    const code = Stack.of(fn).resolve(cfn.code) as { s3Key?: unknown };
    const key = typeof code.s3Key === 'string' ? code.s3Key : '';
    const hash = /^([0-9a-f]{64})\.zip$/.exec(key)?.[1];
    if (!hash) throw new Error(`${name}: its code is not a bundled asset (S3 key ${JSON.stringify(code.s3Key)})`);
    const file = join(resolve(outdir), `asset.${hash}`, 'index.mjs');
    if (!existsSync(file)) throw new Error(`${name}: no bundle at ${file}`);
    return file;
  };

  const handlers: Partial<Record<BundledFunctionName, string>> = {};
  for (const [name, fn] of stack.api.functions) handlers[name] = fileOf(fn, name);
  handlers[complaintWorkflow.stepsFunction.name] = fileOf(stack.workflow.stepsFunction, complaintWorkflow.stepsFunction.name);
  for (const [name, fn] of stack.schedules.functions) handlers[name] = fileOf(fn, name);
  return handlers as BundledHandlers;
}
