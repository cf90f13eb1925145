import type { AuthTransport } from './auth-transport.ts';

/**
 * What an authentication came to, as `latchkey_authentications_total` counts it. A closed set:
 * the label never holds a token, a user name or an address.
 */
export type AuthOutcome = 'success' | 'anonymous' | 'unknown' | 'expired' | 'revoked' | 'banned' | 'address_denied' | 'error';

export type GitTransferTransport = 'http' | 'ssh';
/** `fetch`: git-upload-pack (and git-upload-archive over SSH); `push`: git-receive-pack. */
export type GitTransferDirection = 'fetch' | 'push';

/** `/jwt/auth`: a token with access granted, a token granting nothing that was asked, or a refusal. */
export type RegistryGrantOutcome = 'granted' | 'nothing_granted' | 'refused';

/** One webhook attempt: answered 2xx, answered otherwise, or no answer (refused address, DNS, timeout). */
export type WebhookDeliveryOutcome = 'success' | 'http_error' | 'no_response';

/**
 * This node's Prometheus metrics (Deps): each method is called at the one place its event happens,
 * costs a few in-memory increments, and never waits. Scrape-time figures (tokens by state, the
 * outbox depth, the read cache, the database pool) are read by `scrape()` itself.
 */
export interface MetricsRecorder {
  /** `route` is the matched route template (never the raw URL), or null when no route matched. */
  httpRequest(route: string | null, method: string, status: number, seconds: number): void;
  authentication(transport: AuthTransport, outcome: AuthOutcome): void;
  /** `bytes`: the pack data in the transfer's direction (sent for a fetch, received for a push), as on the wire. */
  gitTransfer(transport: GitTransferTransport, direction: GitTransferDirection, bytes: number, seconds: number): void;
  registryTokenGrant(outcome: RegistryGrantOutcome): void;
  webhookDelivery(outcome: WebhookDeliveryOutcome): void;
  /** The Prometheus text exposition of every metric of this node. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** For processes that expose no metrics (the CLI). */
export const NO_METRICS: MetricsRecorder = {
  httpRequest() {},
  authentication() {},
  gitTransfer() {},
  registryTokenGrant() {},
  webhookDelivery() {},
  scrape: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '' }),
};
