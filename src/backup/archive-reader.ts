import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { memberKind, parseManifest, ManifestError, type Manifest, type MemberDigest } from './manifest.ts';

/** A restore refused, with the reason in one line; nothing was written when it comes from a check. */
export class BackupError extends Error {}

export interface ArchiveMember {
  name: string;
  kind: NonNullable<ReturnType<typeof memberKind>>;
  size: number;
  /** The member's bytes; must be read (or drained) before the next member comes. */
  content: AsyncIterable<Buffer>;
}

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * The members of an archive, in order, each checked by its header before anyone reads it: a
 * regular file with a name a Latchkey archive holds (no absolute path, no `..`, no link, no
 * device, no directory), once, the manifest last.
 */
export async function* archiveMembers(file: string): AsyncGenerator<ArchiveMember> {
  const extract = tar.extract();
  const fed = pipeline(createReadStream(file), createGunzip(), extract).catch((error: Error) => {
    extract.destroy(error);
  });
  const seen = new Set<string>();
  let afterManifest = false;
  try {
    for await (const entry of extract) {
      const { name, type, size } = entry.header;
      const kind = memberKind(name);
      if (type !== 'file') throw new BackupError(`refused: archive member ${JSON.stringify(name)} is a ${type ?? 'unknown entry'}, not a regular file`);
      if (kind === null) throw new BackupError(`refused: archive member ${JSON.stringify(name)} is not part of a Latchkey backup`);
      if (seen.has(name)) throw new BackupError(`refused: archive member ${name} appears twice`);
      if (afterManifest) throw new BackupError(`refused: archive member ${name} comes after the manifest`);
      seen.add(name);
      afterManifest = kind === 'manifest';
      yield { name, kind, size: size ?? 0, content: entry as AsyncIterable<Buffer> };
      entry.resume();
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`refused: the archive is damaged or not a Latchkey backup (${(error as Error).message})`);
  } finally {
    extract.destroy();
    await fed;
  }
}

/** Reads a member whole (the manifest only: bounded). */
export async function readSmallMember(member: ArchiveMember): Promise<Buffer> {
  if (member.size > MAX_MANIFEST_BYTES) throw new BackupError(`refused: ${member.name} is too large`);
  const chunks: Buffer[] = [];
  for await (const chunk of member.content) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The first pass of a restore, which writes nothing: every member's sha256 and size against the
 * manifest, every row count against its table's lines, every member the manifest lists present.
 */
export async function verifyArchive(file: string): Promise<Manifest> {
  const found = new Map<string, MemberDigest & { lines: number }>();
  let manifestText: string | null = null;
  for await (const member of archiveMembers(file)) {
    if (member.kind === 'manifest') {
      manifestText = (await readSmallMember(member)).toString('utf8');
      continue;
    }
    const hash = createHash('sha256');
    let size = 0;
    let lines = 0;
    for await (const chunk of member.content) {
      hash.update(chunk);
      size += chunk.length;
      if (member.kind === 'table') for (const byte of chunk) if (byte === 0x0a) lines++;
    }
    found.set(member.name, { size, sha256: hash.digest('hex'), lines });
  }
  if (manifestText === null) throw new BackupError('refused: the archive has no manifest.json (is it truncated?)');
  let manifest: Manifest;
  try {
    manifest = parseManifest(manifestText);
  } catch (error) {
    if (error instanceof ManifestError) throw new BackupError(`refused: ${error.message}`);
    throw error;
  }
  for (const [name, digest] of found) {
    const listed = manifest.members[name];
    if (!listed) throw new BackupError(`refused: archive member ${name} is not listed in manifest.json`);
    if (listed.size !== digest.size || listed.sha256 !== digest.sha256) throw new BackupError(`refused: archive member ${name} does not match its checksum in manifest.json`);
  }
  for (const name of Object.keys(manifest.members)) {
    if (!found.has(name)) throw new BackupError(`refused: archive member ${name} listed in manifest.json is missing`);
  }
  for (const table of manifest.tables) {
    const lines = found.get(table.member)!.lines;
    if (lines !== table.rows) throw new BackupError(`refused: table ${table.name} has ${lines} rows in the archive, manifest.json says ${table.rows}`);
  }
  return manifest;
}

/** Wraps a member's content so it fails at its end unless its sha256 is the manifest's (the second pass re-checks as it writes). */
export async function* checkedContent(member: ArchiveMember, expected: MemberDigest): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of member.content) {
    hash.update(chunk);
    size += chunk.length;
    yield chunk;
  }
  if (size !== expected.size || hash.digest('hex') !== expected.sha256) throw new BackupError(`refused: archive member ${member.name} changed since it was verified`);
}
