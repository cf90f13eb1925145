import type { Principal } from '../domain/principal.ts';
import type { Ability } from '../domain/scopes.ts';
import type { TokenUse } from './token-use.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** Set when the request used a token: recorded as the token's activity once answered (token-use.ts). */
    tokenUse: TokenUse | null;
  }
  interface FastifyContextConfig {
    /** required (default): a credential; optional: anonymous allowed; none: the route authenticates itself. */
    auth?: 'required' | 'optional' | 'none';
    /** What an API route's credential must grant (the scope gate); every /api/v4 route declares one. */
    ability?: Ability;
  }
}

export {};
