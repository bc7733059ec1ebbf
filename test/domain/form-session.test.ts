import { describe, expect, it } from 'vitest';
import { FORM_SESSION_HOURS, isLive, type FormSession } from '../../functions/domain/form-session';

const session = (expiresAt: string): FormSession => ({ key: 'k', csrf: 'c', state: 'answering', answers: {}, answered: [], version: 1, expiresAt });

describe('form sessions', () => {
  it('live until the instant they expire, gone from then on', () => {
    const now = new Date('2026-12-01T10:00:00.000Z');
    expect(isLive(session('2026-12-01T10:00:00.001Z'), now)).toBe(true);
    expect(isLive(session('2026-12-01T10:00:00.000Z'), now)).toBe(false);
    expect(isLive(session('2026-12-01T09:59:59.999Z'), now)).toBe(false);
    expect(isLive(undefined, now)).toBe(false);
  });

  it('keep unfinished answers a day', () => {
    expect(FORM_SESSION_HOURS).toBe(24);
  });
});
