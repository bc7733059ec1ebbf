import type { Texts } from './texts';

/**
 * The staff API, as the console uses it: the signed-in person's access token on every request,
 * JSON in and out, and every refusal turned into an ApiError whose message can be shown as it is.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export interface Staff {
  id: string;
  roles: string[];
}

export type Api = <T>(
  method: string,
  path: string,
  options?: { body?: unknown; version?: number; query?: Record<string, string | undefined>; /** The body as text (a CSV or HTML report), not JSON. */ as?: 'text' },
) => Promise<{ data: T; etag?: string }>;

export function apiFor(token: () => string | undefined, onUnauthenticated: () => void, t: Texts): Api {
  return async (method, path, options = {}) => {
    const url = new URL(path, location.origin);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, v);
    const headers: Record<string, string> = { authorization: `Bearer ${token() ?? ''}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.version !== undefined) headers['if-match'] = `"${options.version}"`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    } catch {
      throw new ApiError(0, t('api.unreachable'));
    }
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status === 401) {
      onUnauthenticated();
      throw new ApiError(401, t('api.signInEnded'));
    }
    if (!res.ok) {
      const issues = Array.isArray(json?.issues) ? json.issues : [];
      const message = typeof json?.message === 'string' ? json.message : issues.length ? t('api.someAnswers') : t('api.answered', { status: res.status });
      throw new ApiError(res.status, message, issues);
    }
    return { data: options.as === 'text' ? text : json, etag: res.headers.get('etag') ?? undefined };
  };
}
