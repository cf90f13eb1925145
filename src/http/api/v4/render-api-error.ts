import type { FastifyReply } from 'fastify';
import { AppError } from '../../../domain/errors.ts';

/**
 * GitLab's `render_api_error!(message, 400)`, which the branch and commit routes answer refusals
 * with: the service's reason is the whole message (`{"message":"Branch already exists"}`), where
 * `bad_request!` elsewhere says `400 Bad request - <reason>`. A per-route quirk, so it lives here.
 */
export async function renderingApiErrors<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'bad_request') return reply.code(400).send({ message: error.message });
    throw error;
  }
}
