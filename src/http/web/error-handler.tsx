import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { unavailableAsAppError } from '../../db/database-unavailable.ts';
import { AppError } from '../../domain/errors.ts';
import { errorResponse } from '../error-response.ts';
import { sendNotFoundPage } from './not-found.tsx';
import { StatusPage } from './pages/status-page.tsx';
import { SIGN_IN_PATH } from './paths.ts';
import { sendPage } from './render.ts';
import { WEB_ERRORS } from './web-errors.ts';
import { viewOf } from './web-context.ts';

export function signInRedirect(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const back = request.method === 'GET' && request.url !== '/' ? `?redirect_to=${encodeURIComponent(request.url)}` : '';
  return reply.redirect(`${SIGN_IN_PATH}${back}`, 303);
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

const FORBIDDEN_TEXT = "You don't have the permission to see this page or do this.";

/** Errors of web routes become pages (the API's JSON bodies stay the API's). */
export function webErrorHandler(thrown: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const error = unavailableAsAppError(thrown, request.log);
  const view = viewOf(request);
  const signedIn = view.user !== null && view.user !== undefined;
  if (error instanceof AppError) {
    const accessDenied = () => sendPage(reply, <StatusPage view={view} status={403} title="Access denied"><p>{FORBIDDEN_TEXT}</p></StatusPage>, 403);
    const page = WEB_ERRORS[error.code].page;
    switch (page) {
      case 'not_found':
        // A client that is no browser (git, curl, the registry) gets the instance's JSON 404.
        if (!acceptsHtml(request)) return reply.code(404).send({ error: '404 Not Found' });
        // Signed out, a private project looks like a page that needs sign-in (never a hint it exists).
        if (!signedIn && request.method === 'GET') return signInRedirect(request, reply);
        return sendNotFoundPage(request, reply, view);
      case 'sign_in':
        return signedIn ? accessDenied() : signInRedirect(request, reply);
      case 'access_denied':
        return accessDenied();
      case 'unavailable':
        // The API's Retry-After, so a browser or a monitor knows when to come back.
        reply.headers(errorResponse(error).headers);
        return sendPage(reply, <StatusPage view={view} status={503} title="Service unavailable"><p>Latchkey cannot reach its database right now. Please try again in a moment.</p></StatusPage>, 503);
      case 'refused':
        return sendPage(reply, <StatusPage view={view} status={400} title="Request refused"><p>{error.message}</p></StatusPage>, 400);
      default: {
        const unanswered: never = page;
        throw new Error(`no web page answers ${String(unanswered)}`);
      }
    }
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return sendPage(reply, <StatusPage view={view} status={status} title="Request refused"><p>The request could not be read.</p></StatusPage>, status);
  }
  request.log.error({ err: error }, 'unhandled error in a web page');
  return sendPage(reply, <StatusPage view={view} status={500} title="Something went wrong"><p>The error was logged. Please try again.</p></StatusPage>, 500);
}
