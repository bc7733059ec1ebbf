import { describe, expect, inject, it } from 'vitest';
import { DEPLOY_TIME_STAND_INS, functionEnvironment, loadOnce } from '../../bench/bundles';
import { functions } from '../../functions/config/routes';
import { jobs } from '../../functions/config/schedules';
import { complaintWorkflow } from '../../functions/config/workflow';
import type { SynthesizedFunction } from '../../local/bundles';

/*
 * Each deployed function starts with exactly what the stack gives it. The local stack runs every
 * handler in one process with one environment, so a variable a function reads at cold start but the
 * stack never sets on that function (a binder forgotten in infra/) would pass every other suite and
 * fail only in AWS. Here each bundle `cdk synth` wrote is imported in a fresh Node process with its
 * own template variables (deploy-time values by the bench's stand-ins) and Lambda's, and nothing else.
 */

const synthesized = inject('synthesized')!;
const names = Object.keys(synthesized) as Array<keyof typeof synthesized>;

describe('each synthesized function at cold start', () => {
  it('covers every function of the API, the workflow and the scheduled jobs', () => {
    expect(names.sort()).toEqual([...Object.keys(functions), complaintWorkflow.stepsFunction.name, ...Object.keys(jobs)].sort());
  });

  it.each(names)('%s loads with the environment the template gives it, without touching the network', async (name) => {
    const loaded = await loadOnce(synthesized[name].file, functionEnvironment(synthesized[name]));
    expect(loaded.error, `${name} failed at cold start`).toBeUndefined();
    expect(loaded.attempts).toBe(0);
  });

  it('has a stand-in for every deploy-time variable, and refuses one it does not know', () => {
    const unknown: SynthesizedFunction = { file: '', variables: {}, deployTime: ['SOMETHING_NEW'] };
    expect(() => functionEnvironment(unknown)).toThrow(/SOMETHING_NEW/);
    for (const name of names) expect(synthesized[name].deployTime.filter((v) => !(v in DEPLOY_TIME_STAND_INS))).toEqual([]);
  });

  it('fails the load of a function whose stack does not set a variable it reads', async () => {
    const queries = synthesized.StaffQueries;
    expect(queries.deployTime).toContain('CURSOR_KEY');
    const withoutKey = { ...queries, deployTime: queries.deployTime.filter((v) => v !== 'CURSOR_KEY') };
    const loaded = await loadOnce(queries.file, functionEnvironment(withoutKey));
    expect(loaded.error).toMatch(/CURSOR_KEY/);
  });

  // zod/mini loads no locale of its own; functions/domain/zod.ts configures English. zod keeps its
  // configuration on globalThis, so only a process without any other zod shows that the bundle does.
  it("says what is wrong with a setting in zod's English words", async () => {
    const queries = synthesized.StaffQueries;
    const loaded = await loadOnce(queries.file, { ...functionEnvironment(queries), LIST_SETTLE_MS: 'soon' });
    expect(loaded.error).toBe('ConfigurationError: LIST_SETTLE_MS: Invalid input: expected number, received NaN');
  });
});
