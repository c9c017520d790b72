export const PAGE_CACHE_VERSION = 'page_cache';
/** Seconds a cached page lives when nothing purges it earlier. */
export const PAGE_CACHE_TTL = 86_400;

/**
 * A page ready for a visitor without a session: its bytes with blank slots where the form key goes. A HIT fills
 * the slots in a copy and sends it; copies whose send has finished wait in `spare` for the next HIT, so a steady
 * stream of HITs allocates nothing and writes only the key's bytes.
 */
export interface GuestPage {
  template: Buffer;
  /** Byte offsets of the form-key slots, each `slotLength` bytes. */
  slots: number[];
  slotLength: number;
  contentType: string;
  expiresAt: number;
  spare: Buffer[];
}
