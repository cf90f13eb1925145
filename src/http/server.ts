import { randomUUID } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { unavailableAsAppError } from '../db/database-unavailable.ts';
import { AppError } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { apiV4 } from './api/v4/index.ts';
import { errorResponse } from './error-response.ts';
import { gitHttpRoutes } from './git/routes.ts';
import './fastify-types.ts';
import { healthRoutes } from './health.ts';
import { metricsRoutes } from './metrics-route.ts';
import { fixedFirstSegment, twoSegmentProjectUrl } from './nested-project-urls.ts';
import { registryRoutes } from './registry/index.ts';
import { webRoutes } from './web/index.tsx';
import { sendNotFoundPage, wantsHtmlPage } from './web/not-found.tsx';
import { recordTokenUses } from './token-use.ts';

const BODY_LIMIT = 10 * 1024 * 1024;
const JSON_WITH_CHARSET = 'application/json; charset=utf-8';

export async function buildHttpServer(deps: Deps): Promise<FastifyInstance> {
  // The first path segments routes of their own start with (filled from the route table below);
  // any other path with 3+ segments before `/-/` is a project page in subgroups, matched in its
  // two-segment form (`/a/b/web/-/tree/main` as `/a%2Fb/web/-/tree/main`).
  const reservedFirstSegments = new Set<string>();
  const app = Fastify({
    rewriteUrl: (request) => twoSegmentProjectUrl(request.url ?? '/', reservedFirstSegments),
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    // Errors the router raises before any route runs (a bad %-escape, an over-long path segment).
    // No hook runs for these, so the reply names its own serializer (which keeps the bare type).
    frameworkErrors: (error, _request, reply) => {
      const tooLong = (error as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status: number = tooLong ? 414 : 400;
      const body: unknown = { message: tooLong ? '414 Request-URI Too Long' : '400 Bad request - Invalid URL encoding' };
      void (reply as FastifyReply).code(status).type('application/json').serializer(JSON.stringify).send(body);
    },
  });

  app.addHook('onRoute', (route) => {
    const first = fixedFirstSegment(route.url);
    if (first !== null) reservedFirstSegments.add(first);
  });
  // Routed: the request keeps the address it came with (pages' own path, sign-in's redirect_to).
  app.addHook('onRequest', (request, _reply, done) => {
    const raw = request.raw as typeof request.raw & { originalUrl?: string };
    if (raw.originalUrl !== undefined) raw.url = raw.originalUrl;
    done();
  });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseQuery(body as string));
  });
  // An empty body is no parameters, whatever its content type says: python-gitlab sends
  // `Content-Type: application/json` with every DELETE. Malformed JSON is still a 400.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    parseJson(request, body as string, done);
  });

  // GitLab answers JSON as exactly `application/json`; python-gitlab 3.x compares the header as a
  // string, and Fastify would add `; charset=utf-8` (JSON is UTF-8 by definition, RFC 8259).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.getHeader('content-type') === JSON_WITH_CHARSET) reply.header('content-type', 'application/json');
    done(null, payload);
  });

  // A change may have queued webhooks or mail in its transaction, committed before the answer:
  // this node's outbox looks now instead of at its next poll. Pushes go through receive-pack's POST.
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') deps.outbox?.wake();
    done();
  });

  // Metrics: every answer by route template (never the URL), method and status, with its time.
  app.addHook('onResponse', (request, reply, done) => {
    deps.metrics.httpRequest(request.routeOptions.url ?? null, request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.setErrorHandler((thrown, request, reply) => {
    const error = unavailableAsAppError(thrown, request.log);
    if (error instanceof AppError) {
      const response = errorResponse(error);
      if (response.status === 401 || response.status === 403) request.log.info({ code: error.code }, 'request refused');
      return reply.code(response.status).headers(response.headers).send(response.body);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const reason = status === 413 ? 'Request body is too large' : status === 415 ? 'Unsupported content type' : (error as Error).message;
      return reply.code(status).send({ message: `${status} Bad request - ${reason}` });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ message: '500 Internal Server Error' });
  });

  // A browser asking for an unknown page gets the web UI's HTML 404; everyone else GitLab's JSON.
  app.setNotFoundHandler((request, reply) =>
    wantsHtmlPage(request) ? sendNotFoundPage(request, reply) : reply.code(404).send({ error: '404 Not Found' }),
  );

  recordTokenUses(deps, app);
  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(deps));
  await app.register(apiV4(deps), { prefix: '/api/v4' });
  await app.register(registryRoutes(deps));
  await app.register(gitHttpRoutes(deps));
  await app.register(webRoutes(deps));
  return app;
}
