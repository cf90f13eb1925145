/** Where the registry posts its notifications (GitLab's path). */
export const REGISTRY_NOTIFICATION_PATH = '/api/v4/container_registry_event/events';

/**
 * Distribution's notification envelope (`application/vnd.docker.distribution.events.v1+json`):
 * `{"events":[{id, timestamp, action, target:{mediaType, digest, size, repository, tag, references}, actor:{name}, ...}]}`.
 * Only the fields Latchkey uses are kept; the shape is checked, unknown fields are ignored.
 */
export interface RegistryEvent {
  action: string;
  repository: string;
  tag: string | null;
  digest: string | null;
  mediaType: string | null;
  /** Config and layers of a pushed manifest (with `events.includereferences`). */
  references: { mediaType: string | null; digest: string | null; size: number | null }[];
  /** The JWT `sub` the registry accepted: the pusher's username. */
  actorName: string | null;
}

const text = (value: unknown, max = 512): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
const size = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The events of an envelope; null when the body is not an envelope at all. */
export function parseNotificationEnvelope(body: unknown): RegistryEvent[] | null {
  const events = record(body).events;
  if (!Array.isArray(events) || events.length > 1000) return null;
  const parsed: RegistryEvent[] = [];
  for (const raw of events) {
    const event = record(raw);
    const target = record(event.target);
    const action = text(event.action, 32);
    const repository = text(target.repository, 255);
    if (action === null || repository === null) continue;
    const references = Array.isArray(target.references) ? target.references.slice(0, 1000).map(record) : [];
    parsed.push({
      action,
      repository,
      tag: text(target.tag, 128),
      digest: text(target.digest, 160),
      mediaType: text(target.mediaType, 255),
      references: references.map((ref) => ({ mediaType: text(ref.mediaType, 255), digest: text(ref.digest, 160), size: size(ref.size) })),
      actorName: text(record(event.actor).name, 255),
    });
  }
  return parsed;
}

/** Manifests and indexes (Docker schema 1/2, OCI); blobs and layers are not. */
export function isManifestMediaType(mediaType: string | null): boolean {
  return mediaType !== null && /(manifest|image\.index)/.test(mediaType);
}
