import * as z from '../../functions/domain/zod';
import { describe, expect, it } from 'vitest';
import { toIssues } from '../../functions/domain/validation';

/** Every 400 and PolicyError carries a flat list of { path, message }: what zod found, field by field. */
const Schema = z.strictObject({
  name: z.string({ error: 'expected text' }),
  contact: z.optional(z.strictObject({ email: z.string({ error: 'expected an email address' }) })),
  stages: z.optional(z.array(z.strictObject({ workingDays: z.number({ error: 'expected a number' }) }))),
});

const issuesOf = (input: unknown) => {
  const result = Schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return toIssues(result.error);
};

describe('toIssues', () => {
  it.each<[string, unknown, { path: string; message: string }[]]>([
    ['a field at the top', { name: 1 }, [{ path: 'name', message: 'expected text' }]],
    ['a nested field, as a dotted path', { name: 'x', contact: { email: 1 } }, [{ path: 'contact.email', message: 'expected an email address' }]],
    ['an item of a list, by its index', { name: 'x', stages: [{ workingDays: 1 }, { workingDays: 'ten' }] }, [{ path: 'stages.1.workingDays', message: 'expected a number' }]],
    ['the body itself, at the empty path', 'not an object', [{ path: '', message: 'Invalid input: expected object, received string' }]],
  ])('names %s', (_why, input, expected) => {
    expect(issuesOf(input)).toEqual(expected);
  });

  it('gives every unknown field an issue of its own, at its own path', () => {
    expect(issuesOf({ name: 'x', colour: 'red', size: 2 })).toEqual([
      { path: 'colour', message: 'unknown field' },
      { path: 'size', message: 'unknown field' },
    ]);
    expect(issuesOf({ name: 'x', stages: [{ workingDays: 1, owner: 'cro' }] })).toEqual([{ path: 'stages.0.owner', message: 'unknown field' }]);
  });

  it('names every bad field at once, in the order zod found them', () => {
    expect(issuesOf({ contact: { email: 1, phone: '0' } })).toEqual([
      { path: 'name', message: 'expected text' },
      { path: 'contact.email', message: 'expected an email address' },
      { path: 'contact.phone', message: 'unknown field' },
    ]);
  });
});
