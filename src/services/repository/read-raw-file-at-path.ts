import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { BINARY_SNIFF_BYTES, looksBinary, readBlobHead } from '../../git/blob-head.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { readRepositoryFile, type RawFile } from './read-repository-file.ts';
import { locateInRepository } from './repository-location.ts';
import { findReadableRepository } from './repository-access.ts';

/**
 * The raw file of a web URL (`/-/raw/<ref>/<path>`): the files API's raw read at the ref the URL
 * names, and whether its content is binary (git's test, on its first bytes only).
 */
export async function readRawFileAtPath(deps: Deps, actor: Principal, input: { project: ProjectRef; refAndPath: string }): Promise<RawFile & { binary: boolean }> {
  const { context, repositoryDir } = await findReadableRepository(deps, actor, input.project);
  const location = await locateInRepository(repositoryDir, input.refAndPath, context.project.default_branch);
  if (location.path === '') throw notFound('File');
  const file = await readRepositoryFile(deps, actor, { project: input.project, filePath: location.path, ref: location.commitId });
  const binary = looksBinary(await readBlobHead(repositoryDir, file.blobId, BINARY_SNIFF_BYTES));
  return { ...file, ref: location.ref, binary };
}
