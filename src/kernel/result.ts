/**
 * The one convention for an expected "no": services return a Result. A refusal names its kind (mapped once to an
 * HTTP status, a form message and a GraphQL category by src/http/failures.ts), carries user-facing messages, field
 * messages for forms, and optionally a machine-readable reason (`code`) for callers that must tell refusals apart.
 * Unexpected failures are thrown AppErrors (src/kernel/errors.ts).
 */
export type FailureKind = 'validation' | 'not_found' | 'forbidden' | 'conflict' | 'rate_limited' | 'unauthenticated';

export interface Refusal {
  ok: false;
  kind: FailureKind;
  messages: string[];
  /** Field name → message, shown next to form fields. */
  fields?: Record<string, string>;
  /** A stable reason for code that must distinguish refusals (e.g. 'no_customer'); never shown. */
  code?: string;
}

export type Result<T> = { ok: true; value: T } | Refusal;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** A refusal of some kind (default: the input is not acceptable). */
export const refused = (message: string, kind: FailureKind = 'validation', extra: { fields?: Record<string, string>; code?: string } = {}): Refusal => ({
  ok: false,
  kind,
  messages: [message],
  ...extra,
});

/** Input that failed validation: a summary plus a message per field. */
export const invalid = (message: string, fields: Record<string, string> = {}): Refusal => ({ ok: false, kind: 'validation', messages: [message], fields });
