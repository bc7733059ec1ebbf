import { readFileSync } from 'node:fs';
import { policyFromJson, type Policy } from '../domain/policy';

/**
 * Where the running system gets its policy: `POLICY` (JSON text, set on every Lambda by infra/ and
 * by local/), else the file named by `POLICY_FILE`, else the default policy. Invalid policy throws
 * PolicyError naming the field, at start.
 */
export function readPolicy(env: NodeJS.ProcessEnv = process.env): Policy {
  if (env.POLICY) return policyFromJson(env.POLICY);
  if (env.POLICY_FILE) return policyFromJson(readFileSync(env.POLICY_FILE, 'utf8'));
  return policyFromJson(undefined);
}
