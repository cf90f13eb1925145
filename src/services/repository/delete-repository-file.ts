import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { writeRepositoryFile, type FileWrite } from './write-repository-file.ts';

/** DELETE /projects/:id/repository/files/:file_path: removes an existing file in a commit of its own. */
export function deleteRepositoryFile(deps: Deps, actor: Principal, input: FileWrite): Promise<void> {
  return writeRepositoryFile(deps, actor, input, [{ action: 'delete', filePath: input.filePath }]);
}
