import { readFileSync } from 'node:fs';
import { policyFromJson, type Policy } from '../domain/policy';

/**
 * The policy a bundle was built with: infra/ replaces this identifier with the policy's JSON text
 * when it bundles each function (esbuild `define`), so the policy ships inside the code and no
 * Lambda environment carries it. Unbundled code (tests, `npm start` from sources, the CLIs) has no
 * such identifier, and `typeof` says so without throwing.
 */
declare const __FIRE_COMPLAINTS_POLICY__: string | undefined;

/** The name infra/ defines; exported so the bundling and this check cannot drift apart. */
export const BUNDLED_POLICY_IDENTIFIER = '__FIRE_COMPLAINTS_POLICY__';

/**
 * Where the running system gets its policy: the policy built into the bundle (in AWS), else
 * `POLICY` (JSON text), else the file named by `POLICY_FILE`, else the default policy. Invalid
 * policy throws PolicyError naming the field, at start (cold start in AWS, synth, `npm start`).
 */
export function readPolicy(env: NodeJS.ProcessEnv = process.env): Policy {
  if (typeof __FIRE_COMPLAINTS_POLICY__ === 'string') return policyFromJson(__FIRE_COMPLAINTS_POLICY__);
  if (env.POLICY) return policyFromJson(env.POLICY);
  if (env.POLICY_FILE) return policyFromJson(readFileSync(env.POLICY_FILE, 'utf8'));
  return policyFromJson(undefined);
}
