import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { defaultPolicy } from '../../functions/domain/policy';
import { lambdaContext } from '../../local/gateway';

/**
 * The policy travels inside each bundle, not in the environment (Lambda's is limited to 4 KB): the
 * bundle CDK built answers with the policy it was built with, whatever POLICY says at run time.
 */
describe('the policy in the deployed bundle', () => {
  it('is the policy the app was synthesized with, and the environment cannot replace it', async () => {
    const synthesizedWith = readPolicy(process.env);
    process.env.POLICY = JSON.stringify({ ...defaultPolicy, organisation: { ...defaultPolicy.organisation, name: 'Somewhere Else Fire and Rescue' } });
    try {
      const file = inject('bundles')!.OpenApi;
      const { handler } = (await import(`${pathToFileURL(file).href}?policy`)) as {
        handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
      };
      const answer = await handler(
        { version: '2.0', rawPath: '/api/openapi.json', headers: {}, requestContext: { http: { method: 'GET', path: '/api/openapi.json' } } },
        lambdaContext('OpenApi'),
      );
      expect(answer.statusCode).toBe(200);
      const title = (JSON.parse(answer.body) as { info: { title: string } }).info.title;
      expect(title).toContain(synthesizedWith.organisation.name);
      expect(title).not.toContain('Somewhere Else');
    } finally {
      delete process.env.POLICY;
    }
  });
});
