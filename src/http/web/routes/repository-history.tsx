import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../domain/errors.ts';
import { resolveCommit } from '../../../git/blobs.ts';
import { isSafeRevision } from '../../../git/ref-name.ts';
import { readRefs } from '../../../git/refs.ts';
import { compareRepositoryRefs, type CompareView } from '../../../services/repository/compare-repository-refs.ts';
import { listRefHistory } from '../../../services/repository/list-ref-history.ts';
import { readCommitChanges } from '../../../services/repository/read-commit-changes.ts';
import { findReadableRepository } from '../../../services/repository/repository-access.ts';
import { codeRoute } from '../code-pages.ts';
import { pageNumber } from '../form.ts';
import { sendNotFoundPage } from '../not-found.tsx';
import { CommitPage } from '../pages/commit.tsx';
import { CommitsPage } from '../pages/commits.tsx';
import { ComparePage, type CompareFormValues } from '../pages/compare.tsx';
import { commitsPath, comparePath, projectRefOf } from '../paths.ts';
import { sendPage } from '../render.ts';
import { principalOf, viewOf } from '../web-context.ts';

/** GitLab's commits page size. */
const COMMITS_PER_PAGE = 40;
/** The most branch and tag names the compare form suggests. */
const MAX_SUGGESTED_REFS = 500;

const wildcard = (request: FastifyRequest): string => (request.params as { '*'?: string })['*'] ?? '';

function queryText(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

async function refNames(repositoryDir: string): Promise<string[]> {
  return [...(await readRefs(repositoryDir)).keys()].slice(0, MAX_SUGGESTED_REFS).map((ref) => ref.replace(/^refs\/(heads|tags)\//, ''));
}

/** A `.` or `..` component names no revision, and in a URL path it would climb out of the project's pages. */
const climbsOut = (revision: string): boolean => revision.split('/').some((part) => part === '.' || part === '..');

/** Which side of a comparison names no commit, in words for the page. */
async function missingRevisions(repositoryDir: string, values: CompareFormValues): Promise<string> {
  const missing: string[] = [];
  for (const revision of [values.from, values.to]) {
    if (!isSafeRevision(revision) || (await resolveCommit(repositoryDir, revision)) === null) missing.push(revision);
  }
  if (missing.length === 0) return 'These revisions could not be compared.';
  return `No branch, tag or commit is named ${missing.map((name) => `"${name}"`).join(' or ')}.`;
}

/**
 * The history pages of a repository, GitLab's URLs: commits of a ref (and path), one commit with
 * its diff, and the comparison of two revisions. The same services as the API decide who may
 * read them; a public project's pages are open to signed-out visitors.
 */
export function repositoryHistoryRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const optional = { config: { auth: 'optional' as const } };

    app.get('/:namespace/:project/-/commits', optional, codeRoute(async (request, reply) => {
      const { context } = await findReadableRepository(deps, principalOf(request), projectRefOf(request.params));
      return reply.redirect(commitsPath(context, context.project.default_branch), 302);
    }));

    app.get('/:namespace/:project/-/commits/*', optional, codeRoute(async (request, reply) => {
      const history = await listRefHistory(deps, principalOf(request), {
        project: projectRefOf(request.params),
        refAndPath: wildcard(request),
        page: { page: pageNumber(request.query), perPage: COMMITS_PER_PAGE },
      });
      return sendPage(reply, <CommitsPage view={viewOf(request)} history={history} />);
    }));

    app.get('/:namespace/:project/-/commit/:sha', optional, codeRoute(async (request, reply) => {
      const { sha } = request.params as { sha: string };
      const changes = await readCommitChanges(deps, principalOf(request), { project: projectRefOf(request.params), sha });
      return sendPage(reply, <CommitPage view={viewOf(request)} changes={changes} />);
    }));

    // The form submits here by GET; with both sides named it goes to GitLab's /-/compare/<from>...<to>.
    app.get('/:namespace/:project/-/compare', optional, codeRoute(async (request, reply) => {
      const { context, repositoryDir } = await findReadableRepository(deps, principalOf(request), projectRefOf(request.params));
      const values = { from: queryText(request, 'from'), to: queryText(request, 'to') };
      const named = values.from !== '' && values.to !== '';
      if (named && !climbsOut(values.from) && !climbsOut(values.to)) return reply.redirect(comparePath(context, values.from, values.to), 302);
      const error = named ? await missingRevisions(repositoryDir, values) : null;
      const page = <ComparePage view={viewOf(request)} context={context} values={{ from: values.from || context.project.default_branch, to: values.to }} refNames={await refNames(repositoryDir)} result={null} error={error} />;
      return sendPage(reply, page, error === null ? 200 : 404);
    }));

    app.get('/:namespace/:project/-/compare/*', optional, codeRoute(async (request, reply) => {
      const project = projectRefOf(request.params);
      const { context, repositoryDir } = await findReadableRepository(deps, principalOf(request), project);
      // Refs may hold slashes and single dots, never `..`: the first `...` splits the two.
      const tail = wildcard(request);
      const at = tail.indexOf('...');
      if (at < 0) return sendNotFoundPage(request, reply, viewOf(request));
      const values = { from: tail.slice(0, at), to: tail.slice(at + 3) };
      let result: CompareView | null = null;
      let error: string | null = null;
      try {
        result = await compareRepositoryRefs(deps, principalOf(request), { project, from: values.from, to: values.to, straight: false });
      } catch (thrown) {
        // The project was found readable above: a "not found" now is one of the two revisions.
        if (!(thrown instanceof AppError && thrown.code === 'not_found')) throw thrown;
        error = await missingRevisions(repositoryDir, values);
      }
      const page = <ComparePage view={viewOf(request)} context={context} values={values} refNames={await refNames(repositoryDir)} result={result} error={error} />;
      return sendPage(reply, page, error === null ? 200 : 404);
    }));
  };
}
