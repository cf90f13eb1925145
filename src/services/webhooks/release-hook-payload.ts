import type { Db } from '../../db/database.ts';
import { linksOfReleases } from '../../db/repositories/releases.ts';
import type { ReleaseLinkRow, ReleaseRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { readTag } from '../../git/tags.ts';
import { hookCommitAttrs, hookProjectAttrs, loadHookProject, utcText } from './hook-parts.ts';
import { queueHookEvent } from './queue-hook-event.ts';

export type ReleaseHookAction = 'create' | 'update' | 'delete';

const SOURCE_FORMATS = ['zip', 'tar.gz', 'tar.bz2', 'tar'] as const;
const refPath = (ref: string): string => ref.split('/').map(encodeURIComponent).join('/');

export interface ReleaseHookInput {
  action: ReleaseHookAction;
  release: ReleaseRow;
  /** The links as they were, for a release already deleted. */
  links?: ReleaseLinkRow[];
}

/** GitLab's Release Hook body (Gitlab::DataBuilder::Release): the release, its assets and its tag's commit. */
export async function buildReleaseHookPayload(trx: Db, deps: Deps, input: ReleaseHookInput): Promise<unknown> {
  const { release } = input;
  const project = await loadHookProject(trx, deps.config, release.project_id);
  const [links, tag] = await Promise.all([
    input.links ?? linksOfReleases(trx, [release.id]).then((map) => map.get(release.id) ?? []),
    readTag(project.repositoryDir, release.tag_name),
  ]);
  const name = release.tag_name;
  const sources = SOURCE_FORMATS.map((format) => ({
    format,
    url: `${project.webUrl}/-/archive/${refPath(name)}/${project.found.project.path}-${name.replaceAll('/', '-')}.${format}`,
  }));
  return {
    id: release.id,
    created_at: utcText(release.created_at),
    description: release.description,
    name: release.name,
    released_at: utcText(release.released_at),
    tag: name,
    object_kind: 'release',
    project: hookProjectAttrs(project),
    url: `${project.webUrl}/-/releases/${encodeURIComponent(name)}`,
    action: input.action,
    assets: {
      count: links.length + sources.length,
      // Releases::Link#hook_attrs: `external` unless the URL points into the project itself.
      links: links.map((link) => ({ id: link.id, external: !link.url.startsWith(project.webUrl), link_type: link.link_type, name: link.name, url: link.url })),
      sources,
    },
    commit: tag?.commit ? hookCommitAttrs(project, tag.commit) : null,
  };
}

/** The release hooks of a change, in its transaction. */
export async function queueReleaseHook(trx: Db, deps: Deps, input: ReleaseHookInput): Promise<void> {
  await queueHookEvent(trx, deps, {
    projectId: input.release.project_id,
    trigger: 'releases_events',
    event: 'Release Hook',
    body: () => buildReleaseHookPayload(trx, deps, input),
  });
}
