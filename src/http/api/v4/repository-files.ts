import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidParam } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import { isGitFilePath } from '../../../git/file-path.ts';
import { createRepositoryFile } from '../../../services/repository/create-repository-file.ts';
import { deleteRepositoryFile } from '../../../services/repository/delete-repository-file.ts';
import { readRepositoryBlob } from '../../../services/repository/read-repository-blob.ts';
import { readRepositoryFile, readRepositoryFileWithMetadata } from '../../../services/repository/read-repository-file.ts';
import { readRepositoryTree } from '../../../services/repository/read-repository-tree.ts';
import { updateRepositoryFile } from '../../../services/repository/update-repository-file.ts';
import type { FileWrite } from '../../../services/repository/write-repository-file.ts';
import { readPage } from '../../pagination.ts';
import { fileMetadataHeaders, presentFileMetadata, presentTreeEntry } from '../../presenters/repository-files.ts';
import { commitActionRoutes } from './commit-actions.ts';
import { contentDisposition } from '../../content-disposition.ts';
import { decodeContent, rawParam, REPOSITORY_WRITE_BODY_LIMIT, requireParams, signatureParam } from './file-params.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

const READ = { config: { auth: 'optional', ability: 'read_api' } } as const;
const WRITE = { config: { ability: 'write_api' }, bodyLimit: REPOSITORY_WRITE_BODY_LIMIT } as const;

/** `:file_path`, checked before any git command sees it (GitLab's `file_path: true` validator). */
function filePathParam(request: FastifyRequest): string {
  const filePath = pathParam(request, 'file_path');
  if (!isGitFilePath(filePath)) throw invalidParam('file_path should be a valid file path');
  return filePath;
}

/** `ref` of GET and HEAD .../files/:file_path: required and not blank, as in GitLab. */
function requiredRef(request: FastifyRequest): string {
  const params = paramsOf(request);
  requireParams(params, [['ref', false]]);
  return params.string('ref', { required: true, max: 1024 });
}

/** The parameters every file write shares (GitLab's simple_file_params), Grape's errors all at once. */
function fileWrite(request: FastifyRequest, extra: readonly (readonly [string, boolean])[] = []): FileWrite {
  const params = paramsOf(request);
  const filePath = filePathParam(request);
  requireParams(params, [['branch', false], ['commit_message', false], ...extra]);
  return {
    project: projectRef(request),
    filePath,
    branch: params.string('branch', { required: true, max: 1024 }),
    startBranch: params.string('start_branch', { max: 1024 }) || undefined,
    message: params.string('commit_message', { required: true, max: 1_000_000 }),
    authorName: signatureParam(params, 'author_name'),
    authorEmail: signatureParam(params, 'author_email'),
  };
}

/** content, encoding, last_commit_id and execute_filemode of POST and PUT (GitLab's extended_file_params). */
function fileContent(request: FastifyRequest) {
  const params = paramsOf(request);
  const encoding = params.oneOf('encoding', ['text', 'base64'] as const);
  return {
    content: decodeContent(rawParam(request, 'content'), encoding),
    executeFilemode: params.boolean('execute_filemode'),
    lastCommitId: params.string('last_commit_id', { max: 64 }) || undefined,
  };
}

function sendRaw(reply: FastifyReply, fileName: string, size: number, headers: Record<string, string>) {
  reply.headers({
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(size),
    'content-disposition': contentDisposition('inline', fileName),
    'x-content-type-options': 'nosniff',
    'cache-control': 'max-age=0, private, must-revalidate, no-store, no-cache',
    ...headers,
  });
}

/** Files, trees and blobs: reads from git (`read_api` is enough), and the file writes, each one commit (`api`, Developer+). */
export function repositoryFileRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/repository/tree', READ, async (request, reply) => {
      const params = paramsOf(request);
      const recursive = params.boolean('recursive') ?? false;
      const unpaginated = params.oneOf('pagination', ['legacy', 'keyset', 'none'] as const) === 'none';
      if (unpaginated && !recursive) throw invalidParam('pagination cannot be "none" unless "recursive" is true');
      const page = await readRepositoryTree(deps, request.principal, {
        project: projectRef(request),
        path: params.string('path', { max: 4096 }),
        ref: params.string('ref', { max: 1024 }) || undefined,
        recursive,
        page: unpaginated ? null : readPage(params),
      });
      return unpaginated ? page.items.map(presentTreeEntry) : sendPage(request, reply, base, page, presentTreeEntry);
    });

    app.get('/projects/:id/repository/files/:file_path', { ...READ, exposeHeadRoute: false }, async (request, reply) => {
      const file = await readRepositoryFileWithMetadata(deps, request.principal, {
        project: projectRef(request),
        filePath: filePathParam(request),
        ref: requiredRef(request),
      });
      const metadata = presentFileMetadata(file);
      reply.headers(fileMetadataHeaders(metadata));
      return { ...metadata, content: (await file.read()).toString('base64') };
    });

    app.head('/projects/:id/repository/files/:file_path', READ, async (request, reply) => {
      const file = await readRepositoryFileWithMetadata(deps, request.principal, {
        project: projectRef(request),
        filePath: filePathParam(request),
        ref: requiredRef(request),
      });
      reply.headers(fileMetadataHeaders(presentFileMetadata(file)));
      return reply.code(200).send();
    });

    app.get('/projects/:id/repository/files/:file_path/raw', READ, async (request, reply) => {
      const params = paramsOf(request);
      const file = await readRepositoryFile(deps, request.principal, {
        project: projectRef(request),
        filePath: pathParam(request, 'file_path'),
        ref: params.string('ref', { max: 1024 }) || undefined,
      });
      sendRaw(reply, file.fileName, file.size, {
        'x-gitlab-blob-id': file.blobId,
        'x-gitlab-commit-id': file.commitId,
        'x-gitlab-file-name': encodeURIComponent(file.fileName),
        'x-gitlab-file-path': encodeURIComponent(file.filePath),
        'x-gitlab-ref': encodeURIComponent(file.ref),
        'x-gitlab-size': String(file.size),
      });
      return reply.send(file.open());
    });

    app.post('/projects/:id/repository/files/:file_path', WRITE, async (request, reply) => {
      const write = fileWrite(request, [['content', true]]);
      const { content, executeFilemode } = fileContent(request);
      await createRepositoryFile(deps, request.principal, { ...write, content, executeFilemode });
      return reply.code(201).send({ file_path: write.filePath, branch: write.branch });
    });

    app.put('/projects/:id/repository/files/:file_path', WRITE, async (request) => {
      const write = fileWrite(request, [['content', true]]);
      await updateRepositoryFile(deps, request.principal, { ...write, ...fileContent(request) });
      return { file_path: write.filePath, branch: write.branch };
    });

    app.delete('/projects/:id/repository/files/:file_path', WRITE, async (request, reply) => {
      await deleteRepositoryFile(deps, request.principal, fileWrite(request));
      return reply.code(204).send();
    });

    app.get('/projects/:id/repository/blobs/:sha', READ, async (request) => {
      const blob = await readRepositoryBlob(deps, request.principal, { project: projectRef(request), sha: pathParam(request, 'sha') });
      return { size: blob.size, encoding: 'base64', content: (await blob.read()).toString('base64'), sha: blob.id };
    });

    app.get('/projects/:id/repository/blobs/:sha/raw', READ, async (request, reply) => {
      const blob = await readRepositoryBlob(deps, request.principal, { project: projectRef(request), sha: pathParam(request, 'sha') });
      sendRaw(reply, blob.id, blob.size, {});
      reply.header('content-disposition', 'inline');
      return reply.send(blob.open());
    });

    await app.register(commitActionRoutes(deps));
  };
}
