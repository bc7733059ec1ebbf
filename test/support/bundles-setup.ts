import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { readPolicy } from '../../functions/config/policy-source';
import { synthesizeFunctions, type BundledHandlers, type SynthesizedFunctions } from '../../local/bundles';

declare module 'vitest' {
  export interface ProvidedContext {
    /** In the `bundles` project: the handler bundles of the synthesized CDK app, by function. */
    bundles?: BundledHandlers;
    /** In the `bundles` project: each function of the synthesized CDK app, its bundle and its environment. */
    synthesized?: SynthesizedFunctions;
  }
}

/** Synthesizes the CDK app (bundling every function as `cdk synth` does) for the `bundles` project. */
export default async function setup(project: TestProject) {
  const outdir = mkdtempSync(join(tmpdir(), 'fire-complaints-cdk-out-'));
  const synthesized = await synthesizeFunctions(outdir, readPolicy(process.env));
  project.provide('synthesized', synthesized);
  project.provide('bundles', Object.fromEntries(Object.entries(synthesized).map(([name, fn]) => [name, fn.file])) as unknown as BundledHandlers);
  return () => rmSync(outdir, { recursive: true, force: true });
}
