/**
 * The few calls of Distribution's HTTP API (v2) Latchkey makes itself: emptying a repository.
 * Deleting needs `storage.delete.enabled: true`, which `latchkey registry config` writes.
 */

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
].join(', ');
const TIMEOUT_MS = 10_000;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

export interface RegistryApiOptions {
  /** The registry's base URL, e.g. `http://127.0.0.1:5000`. */
  baseUrl: string;
  /** A bearer token granting pull and delete on one repository path. */
  token(path: string): Promise<string>;
}

/** What a manifest refers to: the manifests of an index, the blobs of an image. */
function referencesOf(manifest: unknown): { manifests: string[]; blobs: string[] } {
  const body = (manifest ?? {}) as { manifests?: unknown; config?: unknown; layers?: unknown; fsLayers?: unknown };
  const digests = (list: unknown, key: string): string[] =>
    Array.isArray(list) ? list.map((item) => (item as Record<string, unknown>)?.[key]).filter((d): d is string => typeof d === 'string' && DIGEST.test(d)) : [];
  return {
    manifests: digests(body.manifests, 'digest'),
    blobs: [...digests(body.config === undefined ? [] : [body.config], 'digest'), ...digests(body.layers, 'digest'), ...digests(body.fsLayers, 'blobSum')],
  };
}

export class RegistryApi {
  constructor(private readonly options: RegistryApiOptions) {}

  private async request(path: string, method: string, url: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.options.baseUrl}/v2/${path}/${url}`, {
      method,
      headers: { authorization: `Bearer ${await this.options.token(path)}`, ...headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  }

  private async expect(response: Response, ok: number[], what: string): Promise<void> {
    if (!ok.includes(response.status)) throw new Error(`${what}: the registry answered ${response.status} ${(await response.text()).slice(0, 200)}`);
  }

  /** The repository's tags; none when it holds no tag or is unknown. */
  async tags(path: string): Promise<string[]> {
    const response = await this.request(path, 'GET', 'tags/list?n=10000');
    if (response.status === 404) return [];
    await this.expect(response, [200], `listing the tags of ${path}`);
    const body = (await response.json()) as { tags?: unknown };
    return Array.isArray(body.tags) ? body.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  }

  /** The manifest digest a tag names; null when the tag is gone. */
  async tagDigest(path: string, tag: string): Promise<string | null> {
    const response = await this.request(path, 'HEAD', `manifests/${encodeURIComponent(tag)}`, { accept: MANIFEST_TYPES });
    if (response.status === 404) return null;
    await this.expect(response, [200], `reading the tag ${path}:${tag}`);
    const digest = response.headers.get('docker-content-digest');
    if (digest === null || !DIGEST.test(digest)) throw new Error(`the registry named no digest for ${path}:${tag}`);
    return digest;
  }

  /** The manifests and blobs a manifest refers to; null when it is gone. */
  async references(path: string, digest: string): Promise<{ manifests: string[]; blobs: string[] } | null> {
    const response = await this.request(path, 'GET', `manifests/${digest}`, { accept: MANIFEST_TYPES });
    if (response.status === 404) return null;
    await this.expect(response, [200], `reading the manifest ${path}@${digest}`);
    return referencesOf(JSON.parse(await response.text()));
  }

  async deleteManifest(path: string, digest: string): Promise<void> {
    await this.expect(await this.request(path, 'DELETE', `manifests/${digest}`), [202, 404], `deleting the manifest ${path}@${digest}`);
  }

  /** Unlinks a blob from the repository (the registry's garbage collection frees the bytes). */
  async deleteBlob(path: string, digest: string): Promise<void> {
    await this.expect(await this.request(path, 'DELETE', `blobs/${digest}`), [202, 404], `deleting the blob ${path}@${digest}`);
  }

  /**
   * Empties a repository: every tag's manifest and every known digest, the manifests an index
   * names, and the blobs they link. Blobs go before manifests, so an attempt cut short is found
   * again by the next one. Throws unless, afterwards, no tag and no known manifest is left.
   */
  async emptyRepository(path: string, knownDigests: readonly string[]): Promise<void> {
    const pending = [...knownDigests.filter((digest) => DIGEST.test(digest))];
    for (const tag of await this.tags(path)) {
      const digest = await this.tagDigest(path, tag);
      if (digest !== null) pending.push(digest);
    }
    const manifests = new Set<string>();
    const blobs = new Set<string>();
    const seen = new Set<string>();
    while (pending.length > 0) {
      const digest = pending.pop()!;
      if (seen.has(digest)) continue;
      seen.add(digest);
      const references = await this.references(path, digest);
      if (references === null) continue;
      manifests.add(digest);
      pending.push(...references.manifests);
      for (const blob of references.blobs) blobs.add(blob);
    }
    for (const blob of blobs) await this.deleteBlob(path, blob);
    for (const manifest of manifests) await this.deleteManifest(path, manifest);

    const tagsLeft = await this.tags(path);
    if (tagsLeft.length > 0) throw new Error(`${path} still has tags after deleting its manifests: ${tagsLeft.slice(0, 5).join(', ')}`);
    for (const digest of seen) {
      if ((await this.references(path, digest)) !== null) throw new Error(`${path}@${digest} is still there after deleting it`);
    }
  }
}
