import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GroupContext } from '../../../services/groups/group-context.ts';

/** One page under `/groups/<full path>/-/…`: its method, the rest of the path it answers, and its handler. */
export interface GroupPageRoute {
  method: 'GET' | 'POST';
  /** Matched against what follows `/-/` ('' for the overview); its groups are the handler's ids. */
  page: RegExp;
  /** Whether a signed-out visitor may see it (the group's overview); the others send them to sign in. */
  public?: boolean;
  handle: (request: FastifyRequest, reply: FastifyReply, group: GroupContext, ids: number[]) => Promise<unknown>;
}
