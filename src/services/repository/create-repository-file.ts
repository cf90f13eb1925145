import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { writeRepositoryFile, type FileWrite } from './write-repository-file.ts';

/** POST /projects/:id/repository/files/:file_path: a new file, 400 "A file with this name already exists" when there is one. */
export function createRepositoryFile(deps: Deps, actor: Principal, input: FileWrite & { content: Buffer; executeFilemode?: boolean }): Promise<void> {
  return writeRepositoryFile(deps, actor, input, [
    { action: 'create', filePath: input.filePath, content: input.content, executeFilemode: input.executeFilemode },
  ]);
}
