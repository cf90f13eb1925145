import type { AuditEventRow, EventRow, UserRow } from '../../db/schema.ts';
import { presentAuthor } from './users.ts';

export function presentEvent(event: EventRow, users: Map<number, UserRow>, baseUrl: string) {
  const author = users.get(event.author_id);
  const data = event.data === null ? null : (JSON.parse(event.data) as Record<string, unknown>);
  return {
    id: event.id,
    title: null,
    project_id: event.project_id,
    action_name: event.action_name,
    target_id: event.target_id,
    target_iid: event.target_iid,
    target_type: event.target_type,
    author_id: event.author_id,
    target_title: event.target_title,
    created_at: event.created_at,
    author: presentAuthor(users, event.author_id, baseUrl),
    author_username: author?.username ?? null,
    imported: false,
    imported_from: 'none',
    // Pushes: "pushed new", "pushed to", and "deleted" for a removed branch or tag.
    ...((event.action_name.startsWith('pushed') || (event.action_name === 'deleted' && event.target_type === null)) && data && { push_data: data }),
    ...(event.target_type === 'Note' && data && { note: presentEventNote(event, data, users, baseUrl) }),
  };
}

/** The comment of a "commented on" event, as GitLab's Note entity (from what the event recorded). */
function presentEventNote(event: EventRow, data: Record<string, unknown>, users: Map<number, UserRow>, baseUrl: string) {
  return {
    id: event.target_id,
    type: null,
    body: typeof data.body === 'string' ? data.body : null,
    attachment: null,
    author: presentAuthor(users, event.author_id, baseUrl),
    created_at: event.created_at,
    updated_at: event.created_at,
    system: false,
    noteable_id: data.noteable_id ?? null,
    noteable_type: data.noteable_type ?? null,
    noteable_iid: data.noteable_iid ?? null,
    project_id: event.project_id,
    resolvable: false,
    confidential: false,
    internal: false,
  };
}

export function presentAuditEvent(event: AuditEventRow, entityPath: string) {
  return {
    id: event.id,
    author_id: event.author_id,
    entity_id: event.entity_id,
    entity_type: event.entity_type,
    event_name: event.event_name,
    details: {
      custom_message: event.custom_message,
      author_name: event.author_name,
      author_class: 'User',
      target_id: event.target_id,
      target_type: event.target_type,
      target_details: event.target_details,
      ip_address: event.ip_address,
      entity_path: entityPath,
    },
    created_at: event.created_at,
  };
}
