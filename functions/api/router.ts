import type { Context } from 'aws-lambda';
import { routeKey, routes, type FunctionName } from '../config/routes';
import type { HttpEvent, HttpResult } from './http';

export type Operation = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/**
 * Dispatches on the route API Gateway matched (`routeKey`, e.g. "POST /api/cases/{reference}/owner")
 * to the operation routes.ts names for it. Checked at cold start: every route of this function has
 * an operation here and nothing here is unrouted, so a new route cannot be forgotten.
 */
export function router(fn: FunctionName, operations: Record<string, Operation>): Operation {
  const mine = routes.filter((r) => r.function === fn);
  const byKey = new Map(mine.map((r) => [routeKey(r), r.operation]));
  const missing = mine.filter((r) => !operations[r.operation]).map((r) => r.operation);
  const extra = Object.keys(operations).filter((op) => !mine.some((r) => r.operation === op));
  if (missing.length || extra.length) {
    throw new Error(`${fn}: routes without an operation [${missing.join(', ')}], operations without a route [${extra.join(', ')}]`);
  }
  return async (event, context) => {
    const operation = byKey.get(event.routeKey);
    if (!operation) throw new Error(`${fn} has no route ${event.routeKey}`);
    return operations[operation]!(event, context);
  };
}
