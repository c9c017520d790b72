/**
 * A cookie-keeping HTTP client over a real socket (fetch), for tests that drive a server process. Redirects are
 * not followed, so a test sees each 303 and where it points. The form key is taken from the last page that
 * rendered one, as a browser would submit it.
 */
export interface BrowserResponse {
  status: number;
  location: string | null;
  body: string;
}

export class HttpBrowser {
  readonly cookies = new Map<string, string>();
  private formKey = '';

  constructor(
    public baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attrs = attributes.map((a) => a.trim().toLowerCase());
      const expired =
        value === '' ||
        attrs.includes('max-age=0') ||
        attrs.some((a) => a.startsWith('expires=') && new Date(a.slice('expires='.length)).getTime() < Date.now());
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private async send(method: 'GET' | 'POST', path: string, body?: URLSearchParams): Promise<BrowserResponse> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    this.remember(res);
    const text = await res.text();
    const key = /name="form_key"[^>]*value="([^"]+)"/.exec(text)?.[1];
    if (key) this.formKey = key;
    return { status: res.status, location: res.headers.get('location'), body: text };
  }

  get(path: string) {
    return this.send('GET', path);
  }

  /** Posts a form with the form key of the last rendered page. */
  post(path: string, form: Record<string, string>) {
    const params = new URLSearchParams(form);
    params.set('form_key', this.formKey);
    return this.send('POST', path, params);
  }
}
