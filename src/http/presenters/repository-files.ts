import type { TreeEntry } from '../../git/tree-entries.ts';
import type { RepositoryFile } from '../../services/repository/read-repository-file.ts';

/** GitLab's TreeObject. */
export function presentTreeEntry(entry: TreeEntry) {
  return {
    id: entry.id,
    name: entry.path.split('/').pop()!,
    type: entry.type,
    path: entry.path,
    mode: entry.mode.padStart(6, '0'),
  };
}

/** The blob_data of GitLab's files API: the body of GET and, as X-Gitlab-* headers, of HEAD. */
export function presentFileMetadata(file: RepositoryFile) {
  return {
    file_name: file.fileName,
    file_path: file.filePath,
    size: file.size,
    encoding: 'base64',
    content_sha256: file.contentSha256,
    ref: file.ref,
    blob_id: file.blobId,
    commit_id: file.commitId,
    last_commit_id: file.lastCommitId,
    execute_filemode: file.executable,
  };
}

/** `X-Gitlab-File-Name` and friends (values that may not be ASCII are URL-encoded). */
export function fileMetadataHeaders(metadata: ReturnType<typeof presentFileMetadata>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    const name = `x-gitlab-${key.replaceAll('_', '-')}`;
    headers[name] = typeof value === 'string' && /[^\x20-\x7e]/.test(value) ? encodeURIComponent(value) : String(value ?? '');
  }
  return headers;
}
