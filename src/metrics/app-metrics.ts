import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { MetricsRecorder } from '../domain/metrics.ts';
import { registerScrapeMetrics, type ScrapeSources } from './scrape-metrics.ts';

/** HTTP methods Node parses; anything else is counted as `other` (a closed label set). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The route label of a request no route matched (404s for unknown paths): one value, never the URL. */
export const UNMATCHED_ROUTE = 'unmatched';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const TRANSFER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

/**
 * This node's metrics: one prom-client Registry per app (tests run many apps in one process; the
 * global default registry is never used), with Node's default process metrics on it.
 */
export function createAppMetrics(sources: ScrapeSources): MetricsRecorder {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({
    name: 'latchkey_http_requests_total',
    help: 'HTTP requests answered, by route template (fastify\'s; "unmatched" when none matched), method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'latchkey_http_request_duration_seconds',
    help: 'Time from a request\'s arrival to its answer being sent, by route template and method',
    labelNames: ['route', 'method'] as const,
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const authentications = new Counter({
    name: 'latchkey_authentications_total',
    help: 'Authentications by transport (api, git_http, ssh, registry, web) and outcome',
    labelNames: ['transport', 'outcome'] as const,
    registers,
  });
  const transferCounter = (name: string, help: string) => new Counter({ name, help, labelNames: ['transport', 'direction'] as const, registers });
  const gitTransfers = transferCounter(
    'latchkey_git_transfers_total',
    'git transfers (one git-upload-pack or git-receive-pack run) by transport (http, ssh) and direction (fetch, push)',
  );
  const gitBytes = transferCounter('latchkey_git_transfer_bytes_total', 'Bytes of git transfers in their direction (sent for a fetch, received for a push), as on the wire');
  const gitDuration = new Histogram({
    name: 'latchkey_git_transfer_duration_seconds',
    help: 'Time a git transfer ran, from starting git to its end',
    labelNames: ['transport', 'direction'] as const,
    buckets: TRANSFER_BUCKETS,
    registers,
  });
  const registryGrants = new Counter({
    name: 'latchkey_registry_token_grants_total',
    help: 'Container registry tokens asked of /jwt/auth, by outcome (granted, nothing_granted, refused)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const webhookDeliveries = new Counter({
    name: 'latchkey_webhook_deliveries_total',
    help: 'Webhook delivery attempts by this node, by outcome (success: 2xx, http_error: another status, no_response)',
    labelNames: ['outcome'] as const,
    registers,
  });
  registerScrapeMetrics(registry, sources);
  // Each answer's series, looked up once: prom-client validates and hashes a label object on every
  // call otherwise. Bounded like the labels themselves (route templates, methods, statuses).
  const httpSeries = new Map<string, { requests: { inc(): void }; duration: { observe(value: number): void } }>();
  const authenticationSeries = new Map<string, { inc(): void }>();

  return {
    httpRequest(route, method, status, seconds) {
      const methodLabel = METHODS.has(method) ? method : 'other';
      const key = `${status} ${methodLabel} ${route ?? ''}`;
      let series = httpSeries.get(key);
      if (series === undefined) {
        const labels = { route: route ?? UNMATCHED_ROUTE, method: methodLabel };
        series = { requests: httpRequests.labels({ ...labels, status: String(status) }), duration: httpDuration.labels(labels) };
        httpSeries.set(key, series);
      }
      series.requests.inc();
      series.duration.observe(seconds);
    },
    authentication(transport, outcome) {
      const key = `${transport} ${outcome}`;
      let series = authenticationSeries.get(key);
      if (series === undefined) authenticationSeries.set(key, (series = authentications.labels({ transport, outcome })));
      series.inc();
    },
    gitTransfer(transport, direction, bytes, seconds) {
      gitTransfers.inc({ transport, direction });
      gitBytes.inc({ transport, direction }, bytes);
      gitDuration.observe({ transport, direction }, seconds);
    },
    registryTokenGrant(outcome) {
      registryGrants.inc({ outcome });
    },
    webhookDelivery(outcome) {
      webhookDeliveries.inc({ outcome });
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
