/**
 * A browser without a browser, for HTTP-level tests of the pages: keeps cookies, follows no
 * redirects by itself (tests look at each one), posts forms as a browser does (urlencoded, from the
 * same origin), and reads the anti-forgery token and other bits from the HTML.
 */
export interface PageAnswer {
  status: number;
  headers: Headers;
  html: string;
  location?: string;
}

export class FormClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private async answer(res: Response): Promise<PageAnswer> {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: res.status, headers: res.headers, html: await res.text(), location: res.headers.get('location') ?? undefined };
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<PageAnswer> {
    return this.answer(await fetch(new URL(path, this.base), { redirect: 'manual', headers: { ...this.cookieHeader(), ...headers } }));
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<PageAnswer> {
    return this.answer(
      await fetch(new URL(path, this.base), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', origin: new URL(this.base).origin, ...this.cookieHeader(), ...headers },
        body: new URLSearchParams(fields).toString(),
      }),
    );
  }

  /** GETs `page` for its anti-forgery token, then posts `fields` with it. */
  async answerPage(page: string, fields: Record<string, string>): Promise<PageAnswer> {
    const shown = await this.get(page);
    if (shown.status !== 200) throw new Error(`GET ${page} answered ${shown.status} ${shown.location ?? ''}`);
    return this.post(page, { csrf: csrfOf(shown.html), ...fields });
  }
}

export function csrfOf(html: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no anti-forgery token on the page');
  return m[1]!;
}

/** The text of the <title>. */
export const titleOf = (html: string) => /<title[^>]*>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '';

/** The error summary's links: [text, href]. */
export function errorSummaryOf(html: string): Array<[string, string]> {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2]!.trim(), m[1]!.replace(/&amp;/g, '&')]);
}
