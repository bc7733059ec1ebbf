import type * as z from './zod';
import type { Issue } from './errors';

/**
 * Turns zod's issues into the flat `{ path, message }` list that every 400 and PolicyError carries.
 * An unknown field gets an issue of its own, at its own path.
 */
export function toIssues(error: z.core.$ZodError): Issue[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: base.join('.'), message: issue.message }];
  });
}
