import { ROLES, isRole, type Role } from '../functions/config/roles';
import type { DemoUser } from './demo-users';
import { DEFAULT_EXPIRES_IN_SECONDS } from './issuer';

/** Arguments of `npm run -s token -- <role> [--user <id>] [--expires-in <seconds>]`. Pure: no I/O. */

/** Cognito's longest access-token lifetime. */
export const MAX_EXPIRES_IN_SECONDS = 86_400;

export const USAGE = [
  'usage: npm run -s token -- <role> [--user <id>] [--expires-in <seconds>]',
  `  role          one of: ${ROLES.join(', ')}`,
  '  --user        a demo user holding that role (default: the first one; `npm start` lists them)',
  `  --expires-in  lifetime in whole seconds, 1 to ${MAX_EXPIRES_IN_SECONDS} (default ${DEFAULT_EXPIRES_IN_SECONDS})`,
  'Settings: PORT and DATA_DIR as given to the running `npm start`.',
].join('\n');

export type TokenArgs =
  | { kind: 'token'; role: Role; user: DemoUser; expiresIn: number }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export function parseTokenArgs(argv: readonly string[], users: readonly DemoUser[]): TokenArgs {
  const positional: string[] = [];
  let userId: string | undefined;
  let expiresIn: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    const m = /^(--user|--expires-in)(?:=(.*))?$/.exec(arg);
    if (m) {
      const value = m[2] ?? argv[++i];
      if (value === undefined || value === '') return { kind: 'error', message: `${m[1]} needs a value` };
      if (m[1] === '--user') {
        if (userId !== undefined) return { kind: 'error', message: '--user given twice' };
        userId = value;
      } else {
        if (expiresIn !== undefined) return { kind: 'error', message: '--expires-in given twice' };
        expiresIn = value;
      }
      continue;
    }
    if (arg.startsWith('-')) return { kind: 'error', message: `unknown option ${arg}` };
    positional.push(arg);
  }

  if (positional.length === 0) return { kind: 'error', message: 'which role? give one' };
  if (positional.length > 1) return { kind: 'error', message: `one role only, got ${positional.join(' ')}` };
  const role = positional[0]!;
  if (!isRole(role)) return { kind: 'error', message: `unknown role "${role}"` };

  let seconds = DEFAULT_EXPIRES_IN_SECONDS;
  if (expiresIn !== undefined) {
    if (!/^\d+$/.test(expiresIn) || Number(expiresIn) < 1 || Number(expiresIn) > MAX_EXPIRES_IN_SECONDS) {
      return { kind: 'error', message: `--expires-in must be a whole number of seconds from 1 to ${MAX_EXPIRES_IN_SECONDS}, got "${expiresIn}"` };
    }
    seconds = Number(expiresIn);
  }

  const holders = users.filter((u) => u.roles.includes(role));
  let user: DemoUser | undefined;
  if (userId === undefined) {
    user = holders[0];
    if (!user) return { kind: 'error', message: `no demo user holds the role ${role}` };
  } else {
    user = holders.find((u) => u.id === userId);
    if (!user) {
      const known = users.some((u) => u.id === userId);
      return {
        kind: 'error',
        message: `${known ? `demo user "${userId}" does not hold the role ${role}` : `no demo user "${userId}"`}; users with ${role}: ${holders.map((u) => u.id).join(', ')}`,
      };
    }
  }
  return { kind: 'token', role, user, expiresIn: seconds };
}
