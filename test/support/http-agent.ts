import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.js';

/**
 * A cookie-keeping client over `app.inject`, for integration tests through HTTP: it signs in like a
 * browser (fetching the form first for its CSRF token) and posts forms with the latest token.
 */
export class HttpAgent {
  private cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { ...headers, cookie: this.cookieHeader() } });
    this.remember(response);
    return response;
  }

  /** Posts a form. The CSRF token from the last page is added unless `_csrf` is given (or null to omit it). */
  async post(url: string, form: Record<string, string | undefined | null> = {}): Promise<LightMyRequestResponse> {
    const fields: Record<string, string> = {};
    if (!('_csrf' in form) && this.csrfToken) fields._csrf = this.csrfToken;
    for (const [k, v] of Object.entries(form)) if (v !== undefined && v !== null) fields[k] = v;
    const response = await this.app.inject({
      method: 'POST', url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
      payload: new URLSearchParams(fields).toString(),
    });
    this.remember(response);
    return response;
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.statusCode === 303) await this.get('/'); // pick up a CSRF token for later posts
    return response;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  /** The cookies held, as a Cookie header (to continue the session over a real connection). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match) this.csrfToken = match[1];
  }
}
