import type { Principal } from '../domain/principal.ts';
import type { Ability } from '../domain/scopes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** required (default): a credential; optional: anonymous allowed; none: the route authenticates itself. */
    auth?: 'required' | 'optional' | 'none';
    /** What an API route's credential must grant (the scope gate); every /api/v4 route declares one. */
    ability?: Ability;
  }
}

export {};
