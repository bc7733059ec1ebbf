import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { request } from 'node:http';
import type { startTestStack } from './stack';

/**
 * What the hostile tests share (test/api/hostile*.test.ts): a request sent byte for byte, the log
 * lines the handlers write, what the table holds, and the inputs that have broken parsers before.
 */

type Stack = Awaited<ReturnType<typeof startTestStack>>;

/** Every JSON log line the handlers write (Powertools writes to process.stdout/stderr), from `captureLogs` on. */
export interface CapturedLogs {
  lines: string[];
  /** The ERROR and CRITICAL lines: any is a failure. */
  errors(): string[];
  /** Gives the streams back their own `write`. */
  restore(): void;
}

export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const undo: Array<() => void> = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = function (this: typeof stream, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      if (/"level":"[A-Z]+"/.test(text)) {
        lines.push(text);
        return true;
      }
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
    undo.push(() => (stream.write = write));
  }
  return {
    lines,
    errors: () => lines.filter((l) => /"level":"(ERROR|CRITICAL)"/.test(l)),
    restore: () => undo.forEach((u) => u()),
  };
}

export interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface RawOptions {
  token?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** A request sent byte for byte: node:http keeps the path as given (fetch would normalise it). */
export function send(baseUrl: string, method: string, path: string, options: RawOptions = {}): Promise<Raw> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** JSON text nested `depth` arrays deep around `inner`. */
export const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** Every item of the table, read consistently. */
export async function scanAll(stack: Stack): Promise<Array<Record<string, any>>> {
  const items: Array<Record<string, any>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await stack.doc.send(new ScanCommand({ TableName: stack.tableName, ConsistentRead: true, ExclusiveStartKey }));
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** How many cases the table holds (not events, counters or idempotency records). */
export async function caseCount(stack: Stack): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await stack.doc.send(
      new ScanCommand({
        TableName: stack.tableName,
        FilterExpression: 'sk = :case',
        ExpressionAttributeValues: { ':case': 'CASE' },
        Select: 'COUNT',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    count += out.Count ?? 0;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/** Pieces that have broken parsers before: surrogates, controls, bidi, invisibles, escapes, markup. */
export const nasty = fc.constantFrom(
  '\ud800', '\udfff', '\u0000', '\u0085', '\u009b', '\u202e', '\u2066', '\u200b', '\u2800', '\u3164', '\ufeff', '\uffff',
  '\r\n', '\u2028', 'e\u0301', '👩🏽‍🚒', '%ZZ', '%ED%A0%80', '\\', '"', '{', '[', '</script>', '${x}', '__proto__', ' ',
);

/** Text of every kind: binary, nasty pieces joined, and long. */
export const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.oneof(nasty, fc.string({ maxLength: 5 })), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.integer({ min: 0, max: 80_000 }).map((n) => 'x'.repeat(n)),
);

/** One path segment as sent on the wire: malformed %-escapes, `..`, NUL, overlong, encoded binary. */
export const hostileSegment = (() => {
  const byte = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);
  const safe = fc.string({ unit: fc.constantFrom(...'ABCXYZabc0123456789-_.~!$&\'()*+,;=:@'.split('')), maxLength: 12 });
  return fc.oneof(
    fc.array(fc.oneof(byte, safe, fc.constantFrom('%', '%Z', '%ZZ', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%2F', '%00', '..', '.')), { minLength: 1, maxLength: 10 }).map((p) => p.join('')),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))),
    fc.tuple(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 0, max: 9 })).map(([y, n]) => `CC-${y}-${'9'.repeat(5 + n)}`),
    fc.integer({ min: 1, max: 6_000 }).map((n) => 'A'.repeat(n)),
  );
})();

/** Any value a JSON field may be sent: hostile text, any JSON, deep arrays. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4_000 }).map((n) => JSON.parse(nested(Math.min(n, 60))) as unknown) },
);

/**
 * A JSON body as text: mostly `valid()` with one to three of its `fields` (or made-up names) given
 * hostile values (`value`), else any JSON, deep nesting or any text at all.
 */
export function hostileBody(valid: () => Record<string, unknown>, fields: readonly string[], value: fc.Arbitrary<unknown> = hostileValue): fc.Arbitrary<string> {
  const name = fields.length ? fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 })) : fc.string({ maxLength: 8 });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .array(fc.tuple(name, value), { minLength: 1, maxLength: 3 })
        .map((changes) => JSON.stringify({ ...valid(), ...Object.fromEntries(changes) })),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 10_000 }).map((n) => nested(n)) },
    { weight: 1, arbitrary: hostileText },
  );
}
