import { spawn } from 'node:child_process';
import path from 'node:path';
import { TokenScanner } from '../domain/token-scan.ts';
import { GitCommandError, gitEnvironment, runGit, runGitForResult } from './run-git.ts';

/** The name git gives a push's quarantine directory inside `objects/` (what the pre-receive hook sends). */
export const QUARANTINE_NAME = /^tmp_objdir-incoming-[A-Za-z0-9_]{1,64}$/;

/** Blobs larger than this are not scanned (documented in the README's push protection section). */
export const MAX_SCANNED_BLOB_BYTES = 5 * 1024 * 1024;

/**
 * Where a candidate was first seen: the blob and one path it has in the pushed trees; for a commit
 * or annotated tag message, that object (`blob` and `commit`) and 'the commit message' or 'the tag message'.
 */
export interface CandidateSite {
  blob: string;
  path: string;
  commit?: string;
}

/** Objects a push brings, before git has accepted them: the pushed tips and the quarantine git keeps them in. */
export interface PushedObjects {
  repositoryDir: string;
  /** The new values of the refs the push creates or updates. */
  tips: string[];
  /** The quarantine directory's name inside `objects/` (null when git had none: no new objects). */
  quarantine: string | null;
}

/** The environment that lets git see a push's quarantined objects beside the repository's own. */
function objectsEnvironment(pushed: PushedObjects): Record<string, string> {
  const quarantine = quarantineDir(pushed);
  if (quarantine === null) return {};
  return { GIT_QUARANTINE_PATH: quarantine, GIT_OBJECT_DIRECTORY: quarantine, GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(pushed.repositoryDir, 'objects') };
}

function quarantineDir(pushed: PushedObjects): string | null {
  if (pushed.quarantine === null || !QUARANTINE_NAME.test(pushed.quarantine)) return null;
  return path.join(pushed.repositoryDir, 'objects', pushed.quarantine);
}

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const MAX_LIST_BYTES = 256 * 1024 * 1024;

/**
 * The blobs (up to the size cap) reachable from the pushed tips and from no ref of the repository,
 * with one path each; plus the new commits, annotated tags and any blob a tip names directly (a tag
 * of a blob), which come without a path: cat-file tells which is which.
 */
async function listNewObjects(pushed: PushedObjects): Promise<Map<string, string>> {
  const args = ['rev-list', '--objects', '--filter=object:type=blob', `--filter=blob:limit=${MAX_SCANNED_BLOB_BYTES + 1}`, ...pushed.tips, '--not', '--all'];
  // Every new commit too: a message can carry a token as well as a file can. Both walks at once.
  const [out, commits] = await Promise.all([
    runGit(args, { cwd: pushed.repositoryDir, env: objectsEnvironment(pushed), maxBytes: MAX_LIST_BYTES }),
    runGit(['rev-list', '--objects', '--filter=object:type=commit', ...pushed.tips, '--not', '--all'], { cwd: pushed.repositoryDir, env: objectsEnvironment(pushed), maxBytes: MAX_LIST_BYTES }),
  ]);
  const blobs = new Map<string, string>();
  for (const line of `${out.toString('utf8')}\n${commits.toString('utf8')}`.split('\n')) {
    const space = line.indexOf(' ');
    const id = space < 0 ? line : line.slice(0, space);
    if (OBJECT_ID.test(id) && !blobs.has(id)) blobs.set(id, space < 0 ? '' : line.slice(space + 1));
  }
  return blobs;
}

/**
 * Every object in the push's quarantine that can hold a token (blobs up to the size cap, commits,
 * annotated tags), in the order git stored them (reading them so, git reuses each delta's base),
 * or null without a quarantine. The quarantine holds what the client sent and the bases git added
 * to complete a thin pack: a superset of what the push adds, found without walking any history.
 */
async function listQuarantinedObjects(pushed: PushedObjects): Promise<string[] | null> {
  const quarantine = quarantineDir(pushed);
  if (quarantine === null) return null;
  const listing = await runGit(['cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], {
    cwd: pushed.repositoryDir,
    // The quarantine alone: without the repository's objects as alternates, git lists only the push's.
    env: { GIT_QUARANTINE_PATH: quarantine, GIT_OBJECT_DIRECTORY: quarantine },
    maxBytes: MAX_LIST_BYTES,
  });
  const ids: string[] = [];
  for (const line of listing.toString('latin1').split('\n')) {
    const [id, type, size] = line.split(' ');
    if (!id || !OBJECT_ID.test(id)) continue;
    if ((type === 'blob' && Number(size) <= MAX_SCANNED_BLOB_BYTES) || type === 'commit' || type === 'tag') ids.push(id);
  }
  return ids;
}

/** An object a candidate was seen in: a blob's content, or a commit's or annotated tag's message. */
interface Sighting {
  id: string;
  message: 'commit' | 'tag' | null;
}

/**
 * Streams the contents of the blobs, commits and annotated tags a push adds (a commit's or tag's
 * message may hold a token as well as a file) through one `git cat-file --batch` and a
 * TokenScanner: memory stays at one chunk of git's output plus the scanner's carry, whatever the
 * size of the push. Returns each candidate with the blob and path it was first seen in.
 *
 * The common push holds no candidate: its quarantine is read as git stored it, with no walk of
 * history. Only when a candidate turns up are the objects the push adds listed (from its tips, not
 * from any ref), to keep the sightings in them and to name their paths.
 */
export async function findTokenCandidatesInPush(pushed: PushedObjects, prefix: string): Promise<Map<string, CandidateSite>> {
  const found = new Map<string, CandidateSite>();
  const quarantined = await listQuarantinedObjects(pushed);
  const added = quarantined === null ? await listNewObjects(pushed) : null;
  const sightings = await scanObjects(pushed, quarantined ?? [...added!.keys()], prefix);
  if (sightings.size === 0) return found;
  const paths = added ?? (await listNewObjects(pushed));
  for (const [candidate, seen] of sightings) {
    const first = seen.find((sighting) => paths.has(sighting.id));
    if (first === undefined) continue; // only in objects the repository already had, or that no tip reaches
    // A blob only a tag names has no path: it is named by its id. A message is named by its object.
    found.set(candidate, first.message !== null ? { blob: first.id, path: `the ${first.message} message`, commit: first.id } : { blob: first.id, path: paths.get(first.id) || `blob ${first.id}` });
  }
  return found;
}

/** Every candidate in the contents of `ids` (one `git cat-file --batch`), with the objects it was seen in, in order. */
async function scanObjects(pushed: PushedObjects, ids: string[], prefix: string): Promise<Map<string, Sighting[]>> {
  const sightings = new Map<string, Sighting[]>();
  if (ids.length === 0) return sightings;
  // --buffer: git's normal output buffering instead of a flush (a pipe write) after every object.
  const args = ['cat-file', '--batch', '--buffer'];
  const child = spawn('git', args, {
    cwd: pushed.repositoryDir,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: gitEnvironment(objectsEnvironment(pushed)),
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString();
  });
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin.on('error', () => {}); // git's exit code tells
  child.stdin.end(ids.join('\n') + '\n');

  const scanner = new TokenScanner(prefix);
  let header = Buffer.alloc(0);
  let current: string | null = null; // the object whose content is being read (null: skipping another object)
  let remaining = 0; // the bytes of the object still to come
  let separator = false; // the newline after a content is still to come
  let messageOf: 'commit' | 'tag' | null = null; // the object being read is a commit or an annotated tag
  const note = (candidates: string[], id: string) => {
    for (const candidate of candidates) {
      const seen = sightings.get(candidate);
      const sighting = { id, message: messageOf };
      if (seen === undefined) sightings.set(candidate, [sighting]);
      else if (seen.at(-1)!.id !== id) seen.push(sighting);
    }
  };
  for await (const data of child.stdout as AsyncIterable<Buffer>) {
    let chunk = data;
    while (chunk.length > 0) {
      if (separator) {
        chunk = chunk.subarray(1);
        separator = false;
      } else if (remaining > 0) {
        const part = chunk.subarray(0, remaining);
        if (current !== null) note(scanner.push(part), current);
        remaining -= part.length;
        chunk = chunk.subarray(part.length);
        if (remaining === 0) {
          if (current !== null) note(scanner.end(), current);
          current = null;
          separator = true;
        }
      } else {
        const newline = chunk.indexOf(0x0a);
        if (newline < 0) {
          header = Buffer.concat([header, chunk]);
          break;
        }
        const [id, type, size] = Buffer.concat([header, chunk.subarray(0, newline)]).toString('latin1').split(' ');
        header = Buffer.alloc(0);
        chunk = chunk.subarray(newline + 1);
        if (type === 'missing' || size === undefined || !id) continue;
        messageOf = type === 'commit' || type === 'tag' ? type : null;
        current = type === 'blob' || messageOf !== null ? id : null;
        remaining = Number(size);
        if (remaining === 0) separator = true;
      }
    }
  }
  const code = await closed;
  if (code !== 0) throw new GitCommandError(args, code, stderr);
  return sightings;
}

/**
 * The oldest pushed commit that brought `blob` (`git log --find-object`, merges included), or the
 * first pushed tip when no single commit did (a blob that only a tag or an evil merge reaches).
 */
export async function commitIntroducing(pushed: PushedObjects, blob: string): Promise<string> {
  const args = ['log', '--reverse', '-m', '--format=%H', `--find-object=${blob}`, ...pushed.tips, '--not', '--all'];
  // A tip that is no commit (a tag of a blob) makes git log fail: the tip is then the answer.
  const result = await runGitForResult(args, { cwd: pushed.repositoryDir, env: objectsEnvironment(pushed) });
  const [first] = result.exitCode === 0 ? result.stdout.toString('utf8').split('\n') : [];
  return first && OBJECT_ID.test(first) ? first : pushed.tips[0]!;
}
