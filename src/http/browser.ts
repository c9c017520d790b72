import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Browser } from '../kernel/browser.ts';
import type { RequestContext } from '../kernel/request-context.ts';
import { rotateStorefrontFormKey } from './csrf.ts';

/** The browser port of one request, over Fastify's request and reply (see src/kernel/browser.ts). */
export function browserOf(req: FastifyRequest, reply: FastifyReply, rc: () => RequestContext): Browser {
  return {
    cookie: (name) => req.cookies[name],
    setCookie: (name, value, options) => void reply.setCookie(name, value, options),
    clearCookie: (name, options) => void reply.clearCookie(name, options),
    rotateFormKey: () => void rotateStorefrontFormKey(rc(), reply),
  };
}
