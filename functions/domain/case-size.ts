import type { Case } from './case';
import { ValidationError } from './errors';

/**
 * How much a case may hold of the text that grows each time it is used: draft findings, the
 * customer's comments on them, and the reasons for extensions. Everything else on a case is bounded
 * by its own field limits (about 180 KB at most, at three bytes a character); with this on top a
 * case stays well inside DynamoDB's 400 KB item, so the next change, an outcome say, always fits.
 * Without it, the fourteenth draft of 10,000 characters made the case too large to store: a 503,
 * and a case nobody could change again.
 */
export const MAX_GROWING_TEXT_BYTES = 150 * 1024;

/** How the refusal's message begins (the tracking page tells the customer in its own words). */
export const NO_ROOM = 'too long for this case';

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text).length;

/** The UTF-8 bytes of a case's growing text. */
export function growingTextBytes(c: Pick<Case, 'draftFindings' | 'stages'>): number {
  let total = 0;
  for (const d of c.draftFindings) total += bytes(d.findings) + (d.comments ? bytes(d.comments.text) : 0);
  for (const s of c.stages) total += s.extensions?.reduce((n, e) => n + bytes(e.reason), 0) ?? 0;
  return total;
}

/** Refuses `next` (naming `field`, the text that would not fit) when its growing text passes the limit. */
export function assertRoomFor(next: Pick<Case, 'draftFindings' | 'stages'>, field: string): void {
  const used = growingTextBytes(next);
  if (used > MAX_GROWING_TEXT_BYTES) {
    throw new ValidationError([
      {
        path: field,
        message: `${NO_ROOM}: its draft findings, comments and extension reasons may hold ${MAX_GROWING_TEXT_BYTES / 1024} KB of text in all, and this would make ${Math.ceil(used / 1024)} KB; shorten it, or send the rest by letter`,
      },
    ]);
  }
}
