import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions } from 'esbuild';

/** The CDK options translated below. Any other one would be silently dropped, so it is refused instead. */
const TRANSLATED = new Set([
  'format',
  'target',
  'mainFields',
  'banner',
  'minify',
  'sourceMap',
  'sourceMapMode',
  'sourcesContent',
  'bundleAwsSDK',
  'externalModules',
]);

/**
 * CDK's NodejsFunction bundling options as esbuild API options, following the command line that
 * aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js builds (`esbuild --bundle <entry> --target=…
 * --platform=node --format=… --outfile=<out>/index.mjs …`, run in the project root).
 */
export function toEsbuildOptions(cdk: BundlingOptions, entry: string, outDir: string, projectRoot: string): BuildOptions {
  const untranslated = Object.entries(cdk).filter(([key, value]) => value !== undefined && !TRANSLATED.has(key));
  if (untranslated.length) {
    throw new Error(`bench/bundles.ts does not translate the CDK bundling option(s) ${untranslated.map(([k]) => k).join(', ')}`);
  }
  // Without these, CDK derives the value from the runtime or a feature flag, which the bench does not see.
  if (!cdk.target) throw new Error('bench/bundles.ts needs an explicit bundling target');
  if (!cdk.externalModules && !cdk.bundleAwsSDK) throw new Error('bench/bundles.ts needs bundleAwsSDK or explicit externalModules');

  const sourceMapMode = cdk.sourceMapMode ?? SourceMapMode.DEFAULT;
  const sourceMapOn = Boolean(cdk.sourceMapMode ?? cdk.sourceMap);
  return {
    entryPoints: [entry],
    bundle: true,
    absWorkingDir: projectRoot,
    outfile: join(outDir, cdk.format === OutputFormat.ESM ? 'index.mjs' : 'index.js'),
    platform: 'node',
    target: cdk.target,
    format: cdk.format,
    minify: cdk.minify ?? false,
    // `--sourcemap` is esbuild's linked mode; other modes are passed as `--sourcemap=<mode>`.
    sourcemap: sourceMapOn ? (sourceMapMode === SourceMapMode.DEFAULT ? true : sourceMapMode) : false,
    sourcesContent: cdk.sourcesContent ?? true,
    // bundleAwsSDK means no default externals; explicit externalModules replace the default.
    external: [...(cdk.externalModules ?? [])],
    banner: cdk.banner ? { js: cdk.banner } : undefined,
    mainFields: cdk.mainFields,
    logLevel: 'warning',
  };
}

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
}

/** Bundles one entry into `outDir` and measures the code file (raw and gzipped) and its source map. */
export async function bundleSize(cdk: BundlingOptions, entry: string, outDir: string, projectRoot: string): Promise<BundleSize> {
  const options = toEsbuildOptions(cdk, entry, outDir, projectRoot);
  await build(options);
  const file = options.outfile!;
  const code = readFileSync(file);
  const map = `${file}.map`;
  let mapBytes = 0;
  try {
    mapBytes = statSync(map).size;
  } catch {
    // no separate map file (source maps off or inline)
  }
  return { file: file.slice(outDir.length + 1), bytes: code.length, gzipBytes: gzipSync(code).length, mapBytes };
}
