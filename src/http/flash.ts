import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FlashMessage } from '../kernel/request-context.ts';

/** One-time messages across a redirect, in a signed cookie (no session row needed for guests). */
export const FLASH_COOKIE = 'concierge_flash';

export function readFlash(req: FastifyRequest, reply: FastifyReply): FlashMessage[] {
  const raw = req.cookies[FLASH_COOKIE];
  if (!raw) return [];
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return [];
  try {
    const list = JSON.parse(unsigned.value) as FlashMessage[];
    return Array.isArray(list) ? list.filter((m) => typeof m?.text === 'string').slice(0, 10) : [];
  } catch {
    return [];
  }
}

/** Queues messages for the next page this browser loads. */
export function flashNext(reply: FastifyReply, secure: boolean, ...messages: FlashMessage[]) {
  const holder = reply as unknown as { flashQueue?: FlashMessage[] };
  holder.flashQueue ??= [];
  const pending = holder.flashQueue;
  pending.push(...messages);
  reply.setCookie(FLASH_COOKIE, JSON.stringify(pending), { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true });
}
