import { pathError } from '../domain/names.ts';

/**
 * The project a git URL names, as `namespace/project`: `/ns/proj.git`, `ns/proj.git`, `ns/proj`
 * (ssh:// URLs carry a leading '/', scp-style ones don't). Anything else (more or fewer
 * segments, `..`, a leading '-', characters no path may hold) is null, so a transport can refuse
 * it before touching the database or spawning a process.
 */
export function parseGitProjectPath(raw: string): string | null {
  if (raw.length === 0 || raw.length > 600) return null;
  let path = raw.startsWith('/') ? raw.slice(1) : raw;
  if (path.endsWith('/')) path = path.slice(0, -1);
  if (path.endsWith('.git')) path = path.slice(0, -4);
  const segments = path.split('/');
  if (segments.length !== 2) return null;
  // The rules every username and project path was created under (no '..', no leading '-', ...).
  if (!segments.every((segment) => pathError(segment, 'path') === null)) return null;
  return segments.join('/');
}
