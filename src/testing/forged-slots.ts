import { escapeHtml } from '@kitajs/html';
import { expect } from 'vitest';
import { FORM_KEY_MARKER, SLOTS } from '../ui/storefront-layout.tsx';

/**
 * Text that tries to pass for a slot: former markers, today's form-key marker and the page's other slots. Short
 * enough to be a whole search term (searches keep 128 characters).
 */
export const FORGED_SLOTS = ['__cc_form_key__', '<!--cc:form-key-->', FORM_KEY_MARKER, SLOTS.accountLinks, SLOTS.messages];
export const FORGED_TEXT = `Try ${FORGED_SLOTS.join(' ')} here`;
export const ESCAPED_FORGED_TEXT = escapeHtml(FORGED_TEXT);

/** A form key may appear only as the value of a form_key field, never anywhere content was written. */
export function expectKeysOnlyInFormKeyFields(html: string, key: string) {
  const fields = [...html.matchAll(/name="form_key" value="([^"]*)"/g)].map((m) => m[1]);
  expect(fields.length).toBeGreaterThan(0);
  expect(new Set(fields)).toEqual(new Set([key]));
  expect(html.split(key).length - 1).toBe(fields.length);
  expect(html).not.toContain('<!--"cc:');
}
