import type { FastifyRequest } from 'fastify';
import type { Env } from '../env.ts';
import type { RelyingParty } from '../modules/admin-users/index.ts';

/**
 * The WebAuthn relying party of a request: PUBLIC_URL's host and origin when it is set, otherwise the host the
 * browser asked for (the RP ID is a host name without port; an IP address is not a valid one).
 */
export function relyingParty(req: FastifyRequest, env: Env): RelyingParty {
  if (env.PUBLIC_URL) {
    const url = new URL(env.PUBLIC_URL);
    return { id: url.hostname, origin: url.origin, name: 'Concierge' };
  }
  const host = req.host || new URL(env.publicUrl).host;
  const url = new URL(`${req.protocol}://${host}`);
  return { id: url.hostname, origin: url.origin, name: 'Concierge' };
}
