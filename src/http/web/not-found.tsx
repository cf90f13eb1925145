import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundPage } from './pages/status-page.tsx';
import { sendPage } from './render.ts';
import type { View } from './web-context.ts';

/** A browser asking for a page (not the API, git or the registry) gets a friendly HTML 404. */
export function wantsHtmlPage(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return (request.method === 'GET' || request.method === 'HEAD') && accept.includes('text/html') && !request.url.startsWith('/api/');
}

export function sendNotFoundPage(request: FastifyRequest, reply: FastifyReply, view?: View): FastifyReply {
  return sendPage(reply, <NotFoundPage view={view ?? { user: undefined, csrfToken: '', path: request.url.split('?')[0]! }} />, 404);
}
