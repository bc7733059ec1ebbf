import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, dataDir, runScript, start, stop } from '../support/local-process';
import { freePort } from '../support/ports';
import { bearer, get } from '../support/stack';

/** `npm run -s token -- <role>` as a user runs it, beside an `npm start` of the same PORT and DATA_DIR. */
afterAll(cleanUp);

const token = (args: string[], env: Record<string, string>) => runScript('local/token.ts', args, env);

describe('npm run token', { timeout: 120_000 }, () => {
  it('prints a token the running stack accepts, which still works after a restart and stops working when it expires', async () => {
    const DATA_DIR = dataDir();
    const first = await start({ DATA_DIR });
    const env = { PORT: String(first.ports.PORT), DATA_DIR };
    const api = `http://127.0.0.1:${first.ports.PORT}`;
    expect(existsSync(join(DATA_DIR, 'issuer', 'signing-key.json'))).toBe(true);

    const made = await token(['admin-manager'], env);
    expect(made.code).toBe(0);
    expect(made.stderr).toBe('');
    expect(made.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/); // the token and a newline, nothing else
    const adminToken = made.stdout.trim();
    expect(decodeJwt(adminToken)).toMatchObject({ iss: `${api}/local/issuer`, username: 'admin-manager' });
    const me = await get(`${api}/api/me`, bearer(adminToken));
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: 'admin-manager', roles: ['admin-manager'] });

    const deputy = await token(['functional-head', '--user', 'prevention-deputy'], env);
    expect((await get(`${api}/api/me`, bearer(deputy.stdout.trim()))).json).toMatchObject({ id: 'prevention-deputy' });

    // Same key after a restart: the token signed before it is still good.
    expect(await stop(first)).toBe(0);
    const second = await start({ DATA_DIR }, first.ports);
    expect((await get(`${api}/api/me`, bearer(adminToken))).status).toBe(200);

    // A short lifetime: good now, refused once it has passed (checked, not slept through blindly).
    const short = (await token(['cro', '--expires-in', '3'], env)).stdout.trim();
    expect((await get(`${api}/api/me`, bearer(short))).status).toBe(200);
    const deadline = Date.now() + 6_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await get(`${api}/api/me`, bearer(short))).status;
    }
    expect(status).toBe(401);
    expect(Date.now()).toBeGreaterThanOrEqual(decodeJwt(short).exp! * 1000);
    expect(await stop(second)).toBe(0);
  });

  it('refuses an unknown role with the usage, exit 2', async () => {
    const res = await token(['chief-fire-officer'], { PORT: String(await freePort()), DATA_DIR: dataDir() });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/unknown role "chief-fire-officer"/);
    expect(res.stderr).toMatch(/usage: npm run -s token -- <role>/);
  });

  it('refuses a user who does not hold the role, exit 2', async () => {
    const res = await token(['cro', '--user', 'operations-head'], { PORT: '3000', DATA_DIR: dataDir() });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/"operations-head" does not hold the role cro/);
  });

  it('says in one line to start the stack first when the data directory has no key, exit 2', async () => {
    const DATA_DIR = dataDir();
    const res = await token(['admin-manager'], { PORT: '3000', DATA_DIR });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`no local issuer key in ${DATA_DIR}: start the stack first with \`npm start\` (same DATA_DIR)\n`);
  });

  it('refuses a malformed PORT, exit 2', async () => {
    const res = await token(['admin-manager'], { PORT: 'eighty', DATA_DIR: dataDir() });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/PORT/);
  });
});
