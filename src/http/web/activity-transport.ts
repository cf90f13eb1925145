import { ACTIVITY_TRANSPORTS, type ActivityTransport } from '../../domain/token-activity.ts';

/** A token Activity page's `?transport=` filter: one of the known transports, or none (all). */
export function activityTransportOf(query: unknown): ActivityTransport | undefined {
  const asked = (query as Record<string, unknown>).transport;
  return ACTIVITY_TRANSPORTS.find((known): known is ActivityTransport => known === asked);
}
