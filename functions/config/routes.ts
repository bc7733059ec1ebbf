/**
 * The HTTP API, defined once. infra/ makes one API Gateway route and one Lambda function per entry;
 * local/ routes requests to the same handler modules.
 */
export interface RouteDefinition {
  /** Logical name: the Lambda function's id in CDK and the key in logs. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax, e.g. /api/cases/{reference}. */
  path: string;
  /** Module under functions/ exporting `handler`. */
  handler: string;
  /** `public`: no sign-in. */
  auth: 'public';
  /** What the function needs from the table. */
  table: 'none' | 'read' | 'write';
  /** Requests per second allowed on the route (steady rate) and burst, in AWS. */
  throttle?: { rateLimit: number; burstLimit: number };
}

export const routes: readonly RouteDefinition[] = [
  {
    name: 'Health',
    method: 'GET',
    path: '/api/health',
    handler: 'api/health.ts',
    auth: 'public',
    table: 'read',
  },
  {
    name: 'SubmitPublic',
    method: 'POST',
    path: '/api/public/submissions',
    handler: 'api/submit.ts',
    auth: 'public',
    table: 'write',
    throttle: { rateLimit: 5, burstLimit: 20 },
  },
];
