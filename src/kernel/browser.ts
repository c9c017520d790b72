/** Options of a cookie set through the browser port. */
export interface CookieOptions {
  path: string;
  httpOnly?: boolean;
  sameSite?: 'lax' | 'strict';
  secure?: boolean;
  maxAge?: number;
}

/**
 * What a service may do with the visitor's browser, and nothing more: read and write cookies, and give the page a
 * fresh form key. The HTTP layer builds one per request (src/http/browser.ts), so no service ever holds a
 * framework object; contexts without a browser (CLI, seeds, background work) get `noBrowser`.
 */
export interface Browser {
  cookie(name: string): string | undefined;
  setCookie(name: string, value: string, options: CookieOptions): void;
  clearCookie(name: string, options: { path: string }): void;
  /** A new form-key seed; forms rendered from now on carry the new key, and the old one stops working. */
  rotateFormKey(): void;
}

/** For work that has no browser: reading finds nothing, writing is a programming error. */
export const noBrowser: Browser = {
  cookie: () => undefined,
  setCookie(name) {
    throw new Error(`No browser in this context to set the cookie "${name}" on.`);
  },
  clearCookie(name) {
    throw new Error(`No browser in this context to clear the cookie "${name}" from.`);
  },
  rotateFormKey() {
    throw new Error('No browser in this context to give a form key to.');
  },
};
