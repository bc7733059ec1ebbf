import { casesOn, getTableDeps } from './deps';
import { httpRoute, json } from './http';

// The case store alone: the health check counts no working days.
const cases = casesOn(getTableDeps());

/** GET /api/health: 200 once the case store answers. */
export const handler = httpRoute().handler(async () => {
  await cases.ping();
  return json(200, { status: 'ok' });
});
