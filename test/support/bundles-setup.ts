import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { readPolicy } from '../../functions/config/policy-source';
import { synthesizeBundles, type BundledHandlers } from '../../local/bundles';

declare module 'vitest' {
  export interface ProvidedContext {
    /** In the `bundles` project: the handler bundles of the synthesized CDK app, by function. */
    bundles?: BundledHandlers;
  }
}

/** Synthesizes the CDK app (bundling every function as `cdk synth` does) for the `bundles` project. */
export default async function setup(project: TestProject) {
  const outdir = mkdtempSync(join(tmpdir(), 'fire-complaints-cdk-out-'));
  project.provide('bundles', await synthesizeBundles(outdir, readPolicy(process.env)));
  return () => rmSync(outdir, { recursive: true, force: true });
}
