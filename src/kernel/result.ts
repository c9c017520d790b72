/** An expected outcome that may be a refusal: callers show `messages` to the user, nothing is thrown. */
export type Result<T> = { ok: true; value: T } | { ok: false; messages: string[]; code?: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const refused = (message: string, code?: string): Result<never> => ({ ok: false, messages: [message], code });
