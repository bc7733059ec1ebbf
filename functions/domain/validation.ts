import type { z } from 'zod';
import type { Issue } from './errors';

/** Turns zod's issues into the flat `{ path, message }` list that every 400 and PolicyError carries. */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
