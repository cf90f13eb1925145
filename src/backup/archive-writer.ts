import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { MemberDigest } from './manifest.ts';

/**
 * A tar + gzip archive written as a stream: each member goes from its file to the gzip stream in
 * chunks (flat memory), hashed on the way. The file is created 0600 and must not exist.
 */
export class ArchiveWriter {
  private readonly pack = tar.pack();
  private readonly written: Promise<void>;
  readonly members: Record<string, MemberDigest> = {};

  constructor(file: string) {
    const out = createWriteStream(file, { mode: 0o600, flags: 'wx' });
    this.written = pipeline(this.pack, createGzip(), out);
    this.written.catch(() => {});
  }

  /** Adds a file as it is when opened: its size then, read through the open descriptor (a rename in between does not matter). */
  async addFile(name: string, file: string): Promise<void> {
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    let size: number;
    try {
      size = (await handle.stat()).size;
    } catch (error) {
      await handle.close();
      throw error;
    }
    const source = size === 0 ? null : createReadStream('', { fd: handle, start: 0, end: size - 1 });
    try {
      await this.addStream(name, size, source ?? []);
    } finally {
      if (source === null) await handle.close();
      else source.destroy();
    }
  }

  async addBuffer(name: string, content: Buffer): Promise<void> {
    await this.addStream(name, content.length, content.length === 0 ? [] : [content]);
  }

  /** The manifest goes last, unlisted in itself; then the archive is closed. */
  async finish(manifestName: string, manifest: Buffer): Promise<void> {
    await this.addStream(manifestName, manifest.length, [manifest], false);
    this.pack.finalize();
    await this.written;
  }

  /** Stops writing after a failure (the caller removes the file). */
  abort(error: Error): void {
    this.pack.destroy(error);
  }

  private async addStream(name: string, size: number, source: AsyncIterable<Buffer> | Iterable<Buffer>, listed = true): Promise<void> {
    const hash = createHash('sha256');
    let entry!: ReturnType<tar.Pack['entry']>;
    const done = new Promise<void>((resolve, reject) => {
      entry = this.pack.entry({ name, size, mode: 0o600, mtime: new Date(0), type: 'file' }, (error) => (error ? reject(error) : resolve()));
    });
    done.catch(() => {});
    let length = 0;
    for await (const chunk of source) {
      length += chunk.length;
      if (length > size) throw new Error(`${name} grew while it was being archived`);
      hash.update(chunk);
      if (!entry.write(chunk)) await once(entry, 'drain');
    }
    if (length !== size) throw new Error(`${name} shrank while it was being archived`);
    entry.end(Buffer.alloc(0));
    await done;
    if (listed) this.members[name] = { size, sha256: hash.digest('hex') };
  }
}
