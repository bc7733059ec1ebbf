/**
 * `npm run test:mutation [-- <file> ...] [--<stryker option> <value>]`: StrykerJS over functions/domain/ (or the files given),
 * counting only the fast tests under test/domain/ (stryker.config.json, vitest.domain.config.ts).
 * Prints the score of every file; the HTML report goes to reports/mutation/index.html (git-ignored).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Files to mutate; anything starting with -- goes to Stryker as it is (e.g. --concurrency 1).
const given = process.argv.slice(2);
const flags: string[] = [];
const files: string[] = [];
for (let i = 0; i < given.length; i++) {
  const arg = given[i]!;
  if (!arg.startsWith('--')) files.push(arg);
  else if (arg.includes('=') || given[i + 1] === undefined || given[i + 1]!.startsWith('--')) flags.push(arg);
  else flags.push(arg, given[++i]!);
}
// The package exports no bin path; its package.json says where the CLI is.
const bin = join(dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');
const args = ['run', ...(files.length ? ['--mutate', files.join(',')] : []), ...flags];
const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
