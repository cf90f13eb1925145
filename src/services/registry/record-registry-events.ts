import type { Db } from '../../db/database.ts';
import {
  deleteContainerTags,
  ensureContainerRepository,
  findContainerRepositoryByPath,
  findContainerTag,
  upsertContainerTag,
} from '../../db/repositories/container-registry.ts';
import { findContainerRepositoryRemoval, scheduleContainerRepositoryRemoval } from '../../db/repositories/container-repository-removals.ts';
import { insertEvent } from '../../db/repositories/events.ts';
import { ensureGhostUser, findUserByUsername } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { isManifestMediaType, type RegistryEvent } from '../../registry/notification-envelope.ts';
import { isRepositoryName } from '../../registry/registry-scope.ts';
import { findImageProject } from './image-project.ts';

/**
 * The registry's push and delete notifications (authenticated by the shared secret): repositories
 * and tags are kept in the database, and each tag pushed or removed becomes a project event by
 * the user the registry names (the JWT `sub`), so a bot's pushes move to the ghost user on revoke.
 * Idempotent: a redelivered notification changes nothing.
 */
export async function recordRegistryEvents(deps: Deps, _actor: 'registry', input: { events: readonly RegistryEvent[] }): Promise<void> {
  for (const event of input.events) {
    if (!isRepositoryName(event.repository)) continue;
    if (event.action === 'push' && isManifestMediaType(event.mediaType) && event.digest !== null) {
      await recordPush(deps, event, event.digest);
    } else if (event.action === 'delete' && (event.tag !== null || event.digest !== null)) {
      await recordDelete(deps, event);
    }
  }
}

async function authorId(deps: Deps, trx: Db, username: string | null, now: string): Promise<number> {
  const user = username === null ? undefined : await findUserByUsername(trx, username);
  if (user) return user.id;
  return (await ensureGhostUser(trx, deps.config.externalHost, now)).id;
}

async function recordPush(deps: Deps, event: RegistryEvent, digest: string): Promise<void> {
  const image = await findImageProject(deps.db, event.repository);
  const now = deps.clock.now().toISOString();
  // Pushed on a registry token granted before the project went or was renamed: the image belongs
  // to no project, so it is listed for removal, never credited to whoever holds the path now.
  if (!image || (await findContainerRepositoryRemoval(deps.db, event.repository))) {
    await deps.db.transaction().execute((trx) => scheduleContainerRepositoryRemoval(trx, { path: event.repository, digests: [digest], now }));
    return;
  }
  const config = event.references.find((ref) => ref.mediaType !== null && /config/.test(ref.mediaType));
  const sizes = event.references.map((ref) => ref.size);
  const totalSize = sizes.length > 0 && sizes.every((s) => s !== null) ? sizes.reduce<number>((sum, s) => sum + s!, 0) : null;

  await deps.db.transaction().execute(async (trx) => {
    const repository = await ensureContainerRepository(trx, {
      project_id: image.found.project.id,
      name: image.image,
      path: event.repository,
      created_at: now,
    });
    if (event.tag === null) return;
    const previous = await findContainerTag(trx, repository.id, event.tag);
    if (previous?.digest === digest) return;
    await upsertContainerTag(trx, {
      repository_id: repository.id,
      name: event.tag,
      digest,
      media_type: event.mediaType,
      revision: config?.digest?.replace(/^sha256:/, '') ?? null,
      total_size: totalSize,
      now,
    });
    await insertEvent(trx, {
      project_id: repository.project_id,
      author_id: await authorId(deps, trx, event.actorName, now),
      action_name: previous ? 'pushed to' : 'pushed new',
      target_type: 'ContainerRepository',
      target_id: repository.id,
      target_iid: null,
      target_title: `${event.repository}:${event.tag}`,
      data: JSON.stringify({
        commit_count: 0,
        action: previous ? 'pushed' : 'created',
        ref_type: 'tag',
        commit_from: previous?.digest ?? null,
        commit_to: digest,
        ref: event.tag,
        commit_title: null,
        ref_count: null,
      }),
      created_at: now,
    });
  });
}

async function recordDelete(deps: Deps, event: RegistryEvent): Promise<void> {
  const repository = await findContainerRepositoryByPath(deps.db, event.repository);
  if (!repository) return;
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const removed = await deleteContainerTags(trx, repository.id, event.tag !== null ? { name: event.tag } : { digest: event.digest! });
    for (const tag of removed) {
      await insertEvent(trx, {
        project_id: repository.project_id,
        author_id: await authorId(deps, trx, event.actorName, now),
        action_name: 'deleted',
        target_type: 'ContainerRepository',
        target_id: repository.id,
        target_iid: null,
        target_title: `${event.repository}:${tag.name}`,
        data: null,
        created_at: now,
      });
    }
  });
}
