import type { Principal } from '../domain/principal.ts';
import type { Scope } from '../domain/scopes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** required (default): a credential; optional: anonymous allowed; none: the route authenticates itself. */
    auth?: 'required' | 'optional' | 'none';
    /** Scopes accepted besides api (and read_api for GET/HEAD). */
    scopes?: readonly Scope[];
  }
}

export {};
