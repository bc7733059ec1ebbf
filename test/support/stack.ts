import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { Role } from '../../functions/config/roles';
import { call } from './http';
import { documentClient } from '../../functions/adapters/dynamodb-case-repository';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { freePort } from './ports';

/**
 * Starts the embedded stack in this test file's process, in memory, on free ports; in the `bundles`
 * project (vitest.config.ts) it runs the bundles CDK uploads instead of the handlers' sources.
 */
export async function startTestStack(
  options: { dataDir?: string | null; workingDaySeconds?: number; port?: number; sesPort?: number; dynamodbPort?: number } = {},
): Promise<LocalStack & { doc: ReturnType<typeof documentClient> }> {
  const stack = await startLocalStack({
    port: options.port ?? 0,
    sesPort: options.sesPort ?? 0,
    dynamodbPort: options.dynamodbPort ?? (await freePort()),
    dataDir: options.dataDir ?? null,
    workingDaySeconds: options.workingDaySeconds,
    bundles: inject('bundles'),
    web: inject('web'),
  });
  const doc = documentClient(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint }));
  return { ...stack, doc };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answer(res);
}

/** Status, headers, the body as text and, when it is JSON, parsed. */
export async function answer(res: Response) {
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The Authorization header of a staff request. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** A GET, with the body read as text and, when it is JSON, parsed. */
export async function get(url: string, headers: Record<string, string> = {}) {
  return answer(await fetch(url, { headers }));
}

/**
 * Calls the staff API as a member of staff in `role`, one token per role made once; `stack` is read
 * at each call (the stack is started in beforeAll, after this is made).
 */
export function staffApi(stack: () => Pick<LocalStack, 'apiUrl' | 'token'>) {
  const tokens = new Map<Role, string>();
  return async (method: string, path: string, role: Role, body?: unknown, headers?: Record<string, string>) => {
    if (!tokens.has(role)) tokens.set(role, await stack().token(role));
    return call(stack().apiUrl, method, path, { token: tokens.get(role)!, body, headers });
  };
}
