import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { compile } from 'sass';
import { ASSET_NAMES, ASSET_PATH_PREFIX, type AssetManifest, type AssetName } from '../functions/config/web-assets';

/**
 * Builds the pages' static files into `<outDir>/assets/` under content-hashed names (so browsers and
 * CloudFront may keep them for a year) and returns the manifest that maps each logical name to its
 * URL path. Synchronous and deterministic: infra/ calls it at synth (the files go to S3 and the
 * manifest into the pages function's environment), local/ at start (the gateway serves them), the
 * test setup once per run. Nothing it writes is committed.
 */

export const webRoot = import.meta.dirname;
const repoRoot = resolve(webRoot, '..');

export { ASSET_NAMES, ASSET_PATH_PREFIX, type AssetManifest, type AssetName } from '../functions/config/web-assets';

export const defaultWebOutDir = join(webRoot, 'dist');

function hashed(name: string, content: Buffer | string): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const ext = extname(name);
  return `${basename(name, ext)}.${hash}${ext}`;
}

function css(): string {
  return compile(join(webRoot, 'styles', 'app.scss'), {
    loadPaths: [join(repoRoot, 'node_modules')],
    style: 'compressed',
    // govuk-frontend's own deprecation notices are its business, not the build's output.
    quietDeps: true,
  }).css;
}

/** A browser bundle: the pages' enhancements (scripts/app.ts) or the staff console (console/main.ts). */
function js(entry: string): string {
  const result = buildSync({
    entryPoints: [join(webRoot, entry)],
    bundle: true,
    format: 'esm',
    minify: true,
    target: ['es2020'],
    write: false,
    logLevel: 'warning',
    absWorkingDir: repoRoot,
  });
  return result.outputFiles[0]!.text;
}

/** Every file the build reads, with the versions of the tools that turn them into the output. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else hash.update(file.slice(webRoot.length)).update(readFileSync(file));
    }
  };
  for (const dir of ['styles', 'scripts', 'images', 'console']) walk(join(webRoot, dir));
  // The console bundles the calendar of the domain and two libraries.
  walk(join(repoRoot, 'functions', 'domain'));
  for (const pkg of ['govuk-frontend', 'sass', 'esbuild', 'oidc-client-ts', 'lit-html', 'csv-stringify']) hash.update(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json')));
  return hash.digest('hex');
}

const INPUTS_FILE = 'inputs.sha256';

/**
 * The manifest of `outDir`, built now, or kept from the last build there when nothing it reads has
 * changed since (a restart of `npm start` then skips the Sass compile).
 */
export function buildWebAssets(outDir: string = defaultWebOutDir): AssetManifest {
  const inputs = inputsHash();
  const manifestFile = join(outDir, 'manifest.json');
  const inputsFile = join(outDir, INPUTS_FILE);
  if (existsSync(manifestFile) && existsSync(inputsFile) && readFileSync(inputsFile, 'utf8') === inputs) {
    const kept = JSON.parse(readFileSync(manifestFile, 'utf8')) as AssetManifest;
    // Each file is at <outDir>/assets/<name>, its URL path /assets/<name>.
    if (ASSET_NAMES.every((name) => kept[name] && existsSync(join(outDir, kept[name].slice(1))))) return kept;
  }
  const manifest = build(outDir);
  writeFileSync(inputsFile, inputs);
  return manifest;
}

function build(outDir: string): AssetManifest {
  const contents: Record<AssetName, Buffer | string> = {
    'app.css': css(),
    'app.js': js(join('scripts', 'app.ts')),
    'console.js': js(join('console', 'main.ts')),
    'favicon.svg': readFileSync(join(webRoot, 'images', 'favicon.svg')),
  };
  // Built beside the final folder and moved in one step, so a reader never sees half a build.
  const assetsDir = join(outDir, 'assets');
  const staging = `${assetsDir}.${process.pid}.${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  const manifest = {} as Record<AssetName, string>;
  for (const name of ASSET_NAMES) {
    const file = hashed(name, contents[name]);
    writeFileSync(join(staging, file), contents[name]);
    manifest[name] = `${ASSET_PATH_PREFIX}${file}`;
  }
  rmSync(assetsDir, { recursive: true, force: true });
  mkdirSync(dirname(assetsDir), { recursive: true });
  try {
    renameSync(staging, assetsDir);
  } catch (error) {
    // Another build (a parallel test setup) moved its identical files in first.
    rmSync(staging, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const manifest = buildWebAssets(process.argv[2] ?? defaultWebOutDir);
  process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
}
