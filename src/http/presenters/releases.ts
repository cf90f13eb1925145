import type { ReleaseLinkRow } from '../../db/schema.ts';
import type { LinkContext } from '../../services/releases/release-link-context.ts';
import type { ReleaseView } from '../../services/releases/release-view.ts';
import { presentCommit } from './repository.ts';
import { presentUserBasic } from './users.ts';

const SOURCE_FORMATS = ['zip', 'tar.gz', 'tar.bz2', 'tar'] as const;

/** A ref in a URL path: each segment encoded, the slashes kept. */
const refPath = (ref: string): string => ref.split('/').map(encodeURIComponent).join('/');

/** Where a release's page and downloads live on the web: `<project>/-/releases/<tag>`. */
const releaseWebUrl = (projectWebUrl: string, tagName: string): string => `${projectWebUrl}/-/releases/${encodeURIComponent(tagName)}`;

/** GitLab's Releases::Link entity; a direct asset path is served below the release's downloads. */
export function presentReleaseLink(link: ReleaseLinkRow, { projectPath, tagName }: LinkContext, baseUrl: string) {
  const webUrl = `${baseUrl}/${projectPath}`;
  return {
    id: link.id,
    name: link.name,
    url: link.url,
    direct_asset_url: link.direct_asset_path ? `${releaseWebUrl(webUrl, tagName)}/downloads${refPath(link.direct_asset_path)}` : link.url,
    link_type: link.link_type,
  };
}

/** GitLab's Release entity (milestones left out, as GitLab does when a release has none). */
export function presentRelease(view: ReleaseView, baseUrl: string) {
  const { release, commit } = view;
  const webUrl = `${baseUrl}/${view.projectPath}`;
  const webPath = `${new URL(baseUrl).pathname.replace(/\/$/, '')}/${view.projectPath}`;
  const tag = release.tag_name;
  const self = releaseWebUrl(webUrl, tag);
  const query = (resource: string, state: string) => `${webUrl}/-/${resource}?release_tag=${encodeURIComponent(tag)}&scope=all&state=${state}`;
  const links = view.links.map((link) => presentReleaseLink(link, { projectPath: view.projectPath, tagName: tag }, baseUrl));
  return {
    name: release.name,
    tag_name: tag,
    description: release.description,
    created_at: release.created_at,
    released_at: release.released_at,
    upcoming_release: view.upcoming,
    historical_release: release.released_at < release.created_at,
    ...(view.author && { author: presentUserBasic(view.author, baseUrl) }),
    commit: commit && presentCommit(commit, webUrl),
    ...(commit && { commit_path: `${webPath}/-/commit/${commit.id}` }),
    tag_path: `${webPath}/-/tags/${refPath(tag)}`,
    assets: {
      count: SOURCE_FORMATS.length + links.length,
      sources: SOURCE_FORMATS.map((format) => ({
        format,
        url: `${webUrl}/-/archive/${refPath(tag)}/${view.projectName}-${tag.replaceAll('/', '-')}.${format}`,
      })),
      links,
    },
    evidences: [],
    _links: {
      closed_issues_url: query('issues', 'closed'),
      closed_merge_requests_url: query('merge_requests', 'closed'),
      ...(view.canEdit && { edit_url: `${self}/edit` }),
      merged_merge_requests_url: query('merge_requests', 'merged'),
      opened_issues_url: query('issues', 'opened'),
      opened_merge_requests_url: query('merge_requests', 'opened'),
      self,
    },
  };
}
