/** Builds a URL with the current query plus changes; undefined/empty values are dropped. */
export function withQuery(base: string, query: Record<string, string | undefined>, changes: Record<string, string | undefined> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...changes })) if (v !== undefined && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}
