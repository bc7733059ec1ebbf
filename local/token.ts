import { resolve } from 'node:path';
import { readPolicy } from '../functions/config/policy-source';
import { DomainError } from '../functions/domain/errors';
import { demoUsers } from './demo-users';
import { issuerUrlFor, localGatewayUrl, readSigningKey, signAccessToken, SigningKeyFileError } from './issuer';
import { readSettings } from './settings';
import { parseTokenArgs, USAGE } from './token-args';

/**
 * `npm run -s token -- <role> [--user <id>] [--expires-in <seconds>]`: prints a staff token for the
 * local stack that runs with the same PORT and DATA_DIR (and policy), signed with that stack's key.
 * Only the token goes to stdout, so `$(npm run -s token -- cro)` can be pasted into a header.
 */

function fail(message: string, withUsage = false): never {
  process.stderr.write(`${message}\n${withUsage ? `${USAGE}\n` : ''}`);
  process.exit(2);
}

async function main() {
  const read = readSettings(process.env);
  if (!read.ok) fail(read.message);
  const { PORT, DATA_DIR } = read.settings;
  if (PORT === 0) fail('PORT=0 names no port: give the PORT the running stack listens on');

  const users = demoUsers(readPolicy(process.env));
  const args = parseTokenArgs(process.argv.slice(2), users);
  if (args.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.kind === 'error') fail(args.message, true);

  const key = await readSigningKey(resolve(DATA_DIR));
  if (!key) fail(`no local issuer key in ${DATA_DIR}: start the stack first with \`npm start\` (same DATA_DIR)`);

  const token = await signAccessToken(key, { issuer: issuerUrlFor(localGatewayUrl(PORT)), user: args.user, expiresIn: args.expiresIn });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof DomainError || error instanceof SigningKeyFileError) fail(error.message);
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
