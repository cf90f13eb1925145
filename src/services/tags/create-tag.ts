import { rejected } from '../../domain/errors.ts';
import type { Principal, UserPrincipal } from '../../domain/principal.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isValidTagName, readTag, tagRef, writeTagObject, type GitTag } from '../../git/tags.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { applyRefUpdates, RefMovedError } from '../repository/apply-ref-updates.ts';
import { refuseTokensInContents } from '../repository/token-leak-rules.ts';
import { findWritableRepository, type WritableRepository } from '../repository/repository-access.ts';
import { tagViews, type TagView } from './tag-view.ts';

const tagExists = (name: string) => rejected(`Tag ${name} already exists`);

/**
 * Makes tag `name` at the commit `ref` names, as the acting user: annotated (a tag object written
 * by `git mktag`, tagged by the actor) when `message` holds more than blanks, lightweight otherwise.
 * A message holding an active token of this instance is refused first (push protection).
 * The ref moves through applyRefUpdates (protected tags, push events). GitLab's refusals, worded as
 * its tag service words them. Releases create their missing tag here too.
 */
export async function createTagIn(
  deps: Deps,
  actor: UserPrincipal,
  repository: WritableRepository,
  input: { name: string; ref: string; message?: string | null },
): Promise<GitTag> {
  if (input.ref.trim() === '') throw rejected('Target is empty');
  if (!isValidTagName(input.name)) throw rejected('Tag name invalid');
  const dir = repository.repositoryDir;
  const commit = await resolveCommit(dir, input.ref);
  if (commit === null) throw rejected(`Target ${input.ref} is invalid`);
  if (await readTag(dir, input.name)) throw tagExists(input.name);
  const message = input.message?.trim() ?? '';
  let target = commit;
  if (message !== '') {
    await refuseTokensInContents(deps, [{ path: 'the tag message', content: Buffer.from(message) }]);
    const user = await findUserById(deps.db, actor.user.id);
    const tagger = { name: user?.name ?? actor.user.name, email: user?.email ?? `${actor.user.username}@localhost`, date: deps.clock.now() };
    target = await writeTagObject(dir, { commit, name: input.name, message, tagger });
  }
  try {
    await applyRefUpdates(deps, actor, repository, [{ ref: tagRef(input.name), before: null, after: target }]);
  } catch (error) {
    // Another request made the same tag a moment earlier.
    if (error instanceof RefMovedError) throw tagExists(input.name);
    throw error;
  }
  const created = await readTag(dir, input.name);
  if (!created) throw tagExists(input.name); // deleted again meanwhile: what stands is not ours
  return created;
}

/** POST /projects/:id/repository/tags: Developer+ (and what protected tags allow). */
export async function createTag(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; name: string; ref: string; message?: string | null },
): Promise<TagView> {
  const user = requireUser(actor);
  const repository = await findWritableRepository(deps, user, input.project);
  const tag = await createTagIn(deps, user, repository, input);
  return (await tagViews(deps, repository.context, [tag]))[0]!;
}
