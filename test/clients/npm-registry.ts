import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { tarOf } from '../helpers/oci-image.ts';

/**
 * A tiny npm registry on 127.0.0.1 for the client tests: one packument (JSON) per package and a
 * tarball per version, built in memory. Publishing a version is a method call; nothing reaches
 * registry.npmjs.org.
 */
export interface NpmRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Makes `name@version` available (and `latest`), published at `time`. */
  publish(name: string, version: string, time?: Date): void;
  /** The request paths answered so far. */
  requests: string[];
  close(): Promise<void>;
}

interface Published {
  manifest: Record<string, unknown>;
  tarball: Buffer;
  time: string;
}

export async function startNpmRegistry(): Promise<NpmRegistry> {
  const packages = new Map<string, Map<string, Published>>();
  const requests: string[] = [];
  let url = '';

  const packument = (name: string) => {
    const versions = [...packages.get(name)!.entries()];
    const latest = versions.at(-1)![0];
    return {
      _id: name,
      name,
      'dist-tags': { latest },
      versions: Object.fromEntries(versions.map(([version, p]) => [version, p.manifest])),
      time: {
        created: versions[0]![1].time,
        modified: versions.at(-1)![1].time,
        ...Object.fromEntries(versions.map(([version, p]) => [version, p.time])),
      },
    };
  };

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(`${req.method} ${path}`);
    const tarball = /^\/(.+)\/-\/[^/]+-(\d+\.\d+\.\d+)\.tgz$/.exec(path);
    if (tarball && packages.get(tarball[1]!)?.has(tarball[2]!)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(packages.get(tarball[1]!)!.get(tarball[2]!)!.tarball);
      return;
    }
    const name = path.slice(1);
    if (packages.has(name)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument(name)));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url,
    requests,
    publish(name, version, time = new Date()) {
      const packageJson = { name, version, main: 'index.js', license: 'MIT' };
      const tarball = gzipSync(tarOf({ 'package/package.json': JSON.stringify(packageJson, null, 2), 'package/index.js': `module.exports = '${version}';\n` }));
      const manifest = {
        ...packageJson,
        _id: `${name}@${version}`,
        dist: {
          tarball: `${url}${name}/-/${name.split('/').at(-1)}-${version}.tgz`,
          shasum: createHash('sha1').update(tarball).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
        },
      };
      if (!packages.has(name)) packages.set(name, new Map());
      packages.get(name)!.set(version, { manifest, tarball, time: time.toISOString() });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
