import type { InjectOptions } from 'fastify';
import type { TestApp } from '../helpers/test-app.ts';

export interface WebResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
  /** The raw Set-Cookie lines of this response. */
  setCookies: string[];
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="authenticity_token" value="([^"]*)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

/** The value of the `<input id="…">` on a page. */
export function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input id="${id}"[^>]*>`).exec(html)?.[0];
  return tag === undefined ? undefined : /value="([^"]*)"/.exec(tag)?.[1];
}

/** A browser stand-in for app.http.inject: a cookie jar and form posts. */
export class WebClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page fetched. */
  csrf = '';

  constructor(private readonly t: TestApp) {}

  private async send(options: InjectOptions): Promise<WebResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.t.app.http.inject({
      ...options,
      headers: { accept: 'text/html,application/xhtml+xml', ...(cookie && { cookie }), ...(options.headers as Record<string, string>) },
    });
    const raw = response.headers['set-cookie'];
    const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const found = /name="authenticity_token" value="([^"]*)"/.exec(response.body);
    if (found) this.csrf = found[1]!;
    return { status: response.statusCode, body: response.body, headers: response.headers, setCookies };
  }

  get(url: string): Promise<WebResponse> {
    return this.send({ method: 'GET', url });
  }

  head(url: string): Promise<WebResponse> {
    return this.send({ method: 'HEAD', url });
  }

  /** Posts a form; the CSRF token of the last page is added unless `csrf` says otherwise (null: none). */
  post(url: string, form: Record<string, string | string[]>, options: { csrf?: string | null } = {}): Promise<WebResponse> {
    const params = new URLSearchParams();
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== null) params.append('authenticity_token', csrf);
    for (const [key, value] of Object.entries(form)) {
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
    }
    return this.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
  }

  /** Opens the sign-in page and signs in; returns the sign-in POST's response. */
  async signIn(login: string, password: string, redirectTo?: string): Promise<WebResponse> {
    const page = await this.get(`/users/sign_in${redirectTo ? `?redirect_to=${encodeURIComponent(redirectTo)}` : ''}`);
    if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}`);
    return this.post('/users/sign_in', { login, password, ...(redirectTo && { redirect_to: redirectTo }) });
  }
}

/** The text of a page, tags removed and entities decoded, for "the user sees X" assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
