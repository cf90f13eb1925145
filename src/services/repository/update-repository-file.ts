import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { writeRepositoryFile, type FileWrite } from './write-repository-file.ts';

/**
 * PUT /projects/:id/repository/files/:file_path: new content (and mode, when execute_filemode is
 * given) for an existing file; `last_commit_id` refuses the write when the file changed since.
 */
export function updateRepositoryFile(
  deps: Deps,
  actor: Principal,
  input: FileWrite & { content: Buffer; executeFilemode?: boolean; lastCommitId?: string },
): Promise<void> {
  return writeRepositoryFile(deps, actor, input, [
    { action: 'update', filePath: input.filePath, content: input.content, executeFilemode: input.executeFilemode, lastCommitId: input.lastCommitId },
  ]);
}
