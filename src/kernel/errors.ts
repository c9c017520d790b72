/**
 * Typed failures. Expected "no" answers are data (see result.ts); these are for requests that cannot proceed.
 * The HTTP layer maps each kind to a status code in one place (src/http/errors.ts).
 */
export type ErrorKind = 'not_found' | 'forbidden' | 'unauthenticated' | 'validation' | 'conflict' | 'rate_limited' | 'csrf';

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Field name → message, for validation errors shown next to form fields. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (message = 'The page you requested was not found.') => new AppError('not_found', message);
export const forbidden = (message = 'Sorry, you need permissions to view this content.') => new AppError('forbidden', message);
export const validationFailed = (message: string, fieldErrors: Record<string, string> = {}) => new AppError('validation', message, fieldErrors);
export const conflict = (message: string) => new AppError('conflict', message);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
