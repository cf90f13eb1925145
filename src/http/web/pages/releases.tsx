import type { Paged } from '../../../db/pagination.ts';
import type { ReleaseLinkRow } from '../../../db/schema.ts';
import type { ReleaseView } from '../../../services/releases/release-view.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { Markdown } from '../components/markdown.tsx';
import { Pager } from '../components/pager.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { RefCommit } from '../components/ref-list.tsx';
import { Timestamp } from '../components/time.tsx';
import { blobPath, rawPath, releasePath, releasesPath, tagPath } from '../paths.ts';
import type { View } from '../web-context.ts';

/** Only these URLs become links; anything else (javascript:, data:, relative) is shown as text. */
const LINKABLE = /^(https?|ftp):\/\//i;

function AssetLink({ link }: { link: ReleaseLinkRow }) {
  return (
    <li data-link-type={link.link_type}>
      {LINKABLE.test(link.url) ? (
        <a href={link.url} rel="nofollow noreferrer noopener">
          {link.name}
        </a>
      ) : (
        <>
          {link.name} <code>{link.url}</code>
        </>
      )}{' '}
      {link.link_type !== 'other' && <span class="badge">{link.link_type}</span>}
    </li>
  );
}

/** One release: name, tag, commit, author (the Ghost User once moved), date, notes and assets. */
function Release({ context, entry, heading }: { context: ProjectContext; entry: ReleaseView; heading: 'h1' | 'h2' }) {
  const { release } = entry;
  const tag = release.tag_name;
  const Heading = heading;
  return (
    <article class="release" data-tag={tag}>
      <header>
        <Heading>
          {heading === 'h2' ? <a href={releasePath(context, tag)}>{release.name}</a> : release.name}{' '}
          {entry.upcoming && <span class="badge">Upcoming release</span>}
        </Heading>
        <small>
          <a href={tagPath(context, tag)}>
            <code>{tag}</code>
          </a>{' '}
          · <RefCommit project={context} commit={entry.commit} />
          <br />
          Released <Timestamp at={release.released_at} /> by <span class="release-author">{entry.author?.name ?? 'Ghost User'}</span>
        </small>
      </header>
      {release.description ? (
        <Markdown source={release.description} links={{ linkBase: `${blobPath(context, tag, '')}/`, imageBase: `${rawPath(context, tag, '')}/` }} />
      ) : (
        <p class="muted">No release notes.</p>
      )}
      {entry.links.length > 0 && (
        <section aria-label={`Assets of ${release.name}`}>
          <h3>Assets</h3>
          <ul class="release-assets">
            {entry.links.map((link) => (
              <AssetLink link={link} />
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

/** Releases, newest released first. */
export function ReleasesPage({ view, context, releases }: { view: View; context: ProjectContext; releases: Paged<ReleaseView> }) {
  return (
    <Layout view={view} title={`Releases · ${context.project.name}`}>
      <ProjectHeader context={context} current="releases" trail="Releases" />
      <h1>Releases</h1>
      {releases.total === 0 && <p class="muted">This project has no releases yet.</p>}
      {releases.items.map((entry) => (
        <Release context={context} entry={entry} heading="h2" />
      ))}
      <Pager page={releases} path={releasesPath(context)} label="Release pages" />
    </Layout>
  );
}

export function ReleasePage({ view, context, entry }: { view: View; context: ProjectContext; entry: ReleaseView }) {
  return (
    <Layout view={view} title={`${entry.release.name} · Releases · ${context.project.name}`}>
      <ProjectHeader context={context} current="releases" trail="Releases" />
      <Release context={context} entry={entry} heading="h1" />
    </Layout>
  );
}
