import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { notFound } from '../../../domain/errors.ts';
import { browseRepositoryFile } from '../../../services/repository/browse-repository-file.ts';
import { browseRepositoryTree } from '../../../services/repository/browse-repository-tree.ts';
import { readRawFileAtPath } from '../../../services/repository/read-raw-file-at-path.ts';
import { isGitFilePath } from '../../../git/file-path.ts';
import { isValidRefName } from '../../../git/ref-name.ts';
import { findVisibleProject } from '../../../services/projects/project-context.ts';
import { contentDisposition } from '../../content-disposition.ts';
import { codePage } from '../code-pages.ts';
import { RepositoryBlobPage } from '../pages/repository-blob.tsx';
import { RepositoryTreePage } from '../pages/repository-tree.tsx';
import { blobPath, projectRefOf, treePath } from '../paths.ts';
import { sendPage } from '../render.ts';
import { principalOf, viewOf } from '../web-context.ts';

const PUBLIC = { config: { auth: 'optional' as const } };

/** Raster images are served as what they are; SVG too, but only inside a sandbox that runs nothing. */
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** A raw file opened by itself (an SVG navigated to) may render, never run script, load or submit anything. */
const RAW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'";

function tailOf(request: FastifyRequest): string {
  return (request.params as { '*'?: string })['*'] ?? '';
}

function query(request: FastifyRequest): Record<string, unknown> {
  return (request.query ?? {}) as Record<string, unknown>;
}

function pageNumber(request: FastifyRequest): number {
  const value = query(request).page;
  const page = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(1, page);
}

/** The Files pages: trees, files and raw files at a branch, tag or commit, GitLab's URLs. */
export function repositoryFileRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const tree = async (request: FastifyRequest, reply: FastifyReply) => {
      const browsed = await codePage(() =>
        browseRepositoryTree(deps, principalOf(request), { project: projectRefOf(request.params), refAndPath: tailOf(request), page: pageNumber(request) }),
      );
      return sendPage(reply, <RepositoryTreePage view={viewOf(request)} tree={browsed} />);
    };
    app.get('/:namespace/:project/-/tree', PUBLIC, tree);
    app.get('/:namespace/:project/-/tree/*', PUBLIC, tree);

    app.get('/:namespace/:project/-/blob/*', PUBLIC, async (request, reply) => {
      const file = await codePage(() => browseRepositoryFile(deps, principalOf(request), { project: projectRefOf(request.params), refAndPath: tailOf(request) }));
      const plain = ['1', 'true'].includes(String(query(request).plain));
      return sendPage(reply, <RepositoryBlobPage view={viewOf(request)} file={file} plain={plain} />);
    });

    app.get('/:namespace/:project/-/raw/*', PUBLIC, async (request, reply) => {
      const file = await codePage(() => readRawFileAtPath(deps, principalOf(request), { project: projectRefOf(request.params), refAndPath: tailOf(request) }));
      const extension = file.fileName.includes('.') ? file.fileName.slice(file.fileName.lastIndexOf('.') + 1).toLowerCase() : '';
      const type = Object.hasOwn(IMAGE_TYPES, extension) ? IMAGE_TYPES[extension]! : file.binary ? 'application/octet-stream' : 'text/plain; charset=utf-8';
      const attachment = String(query(request).inline) === 'false';
      reply.headers({
        'content-type': type,
        'content-length': String(file.size),
        'content-disposition': contentDisposition(attachment ? 'attachment' : 'inline', file.fileName),
        'content-security-policy': RAW_CSP,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'same-origin',
        'cache-control': 'private, no-store',
      });
      // HEAD gets the same headers and no body: the file is not streamed out of git only to be thrown away.
      return reply.send(request.method === 'HEAD' ? Readable.from([]) : file.open());
    });

    // The ref switcher's GET form: the same directory or file at the chosen ref (GitLab's /-/refs/switch).
    app.get('/:namespace/:project/-/refs/switch', PUBLIC, async (request, reply) => {
      const { ref, destination, path } = query(request);
      // Only a branch, tag or commit id and a path in the tree: a `..` would climb out of the project's URLs.
      if (typeof ref !== 'string' || !isValidRefName(ref)) throw notFound('Commit');
      const file = typeof path === 'string' ? path.replace(/^\/+|\/+$/g, '') : '';
      if (file !== '' && !isGitFilePath(file)) throw notFound('File');
      const at = await findVisibleProject(deps, principalOf(request), projectRefOf(request.params));
      const location = destination === 'blob' && file !== '' ? blobPath(at, ref, file) : treePath(at, ref, file);
      return reply.redirect(location, 302);
    });
  };
}
