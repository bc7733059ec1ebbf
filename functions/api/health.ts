import { getDeps } from './deps';
import { httpRoute, json } from './http';

const deps = getDeps();

/** GET /api/health: 200 once the case store answers. */
export const handler = httpRoute().handler(async () => {
  await deps.cases.ping();
  return json(200, { status: 'ok' });
});
