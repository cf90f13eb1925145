import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { SESSION_LIFETIME_MS, generateSessionSecret, hasSessionSecretShape } from '../../domain/session-id.ts';

/** The session id (its digest is in the sessions table). */
export const SESSION_COOKIE = 'latchkey_session';
/** The sign-in form's CSRF token, before there is a session (double-submit). */
export const PRE_SESSION_COOKIE = 'latchkey_csrf';

function base(config: Config): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: config.externalUrl.startsWith('https:') };
}

export function sessionCookieOptions(config: Config): CookieSerializeOptions {
  return { ...base(config), maxAge: Math.floor(SESSION_LIFETIME_MS / 1000) };
}

export function clearCookie(reply: FastifyReply, config: Config, name: string): void {
  reply.clearCookie(name, base(config));
}

/** The pre-session CSRF token of this browser, set now when it has none (or a malformed one). */
export function preSessionToken(request: FastifyRequest, reply: FastifyReply, config: Config): string {
  const existing = request.cookies[PRE_SESSION_COOKIE];
  if (existing !== undefined && hasSessionSecretShape(existing)) return existing;
  const token = generateSessionSecret();
  reply.setCookie(PRE_SESSION_COOKIE, token, base(config));
  return token;
}
