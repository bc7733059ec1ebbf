import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildWebAssets, type AssetManifest } from '../../web/build';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The pages' static files, built once per run (web/build.ts) for every local stack of the run. */
    web: { dir: string; manifest: AssetManifest };
  }
}

/** Builds the static files once, rather than once per test file's stack. */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'fire-complaints-web-'));
  project.provide('web', { dir, manifest: buildWebAssets(dir) });
  return () => rmSync(dir, { recursive: true, force: true });
}
