import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

interface Asset {
  body: Buffer;
  type: string;
  version: string;
}

function load(file: string, type: string): Asset {
  const body = readFileSync(file);
  return { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

const require = createRequire(import.meta.url);

/** The stylesheet and the one small script, read once; no inline script or style anywhere. */
const ASSETS: Record<string, Asset> = {
  'pico.min.css': load(require.resolve('@picocss/pico/css/pico.min.css'), 'text/css; charset=utf-8'),
  // highlight.js's GitHub theme, for the classes its server-side highlighting writes.
  'highlight.css': load(require.resolve('highlight.js/styles/github.min.css'), 'text/css; charset=utf-8'),
  'latchkey.css': load(fileURLToPath(new URL('./assets/latchkey.css', import.meta.url)), 'text/css; charset=utf-8'),
  'latchkey.js': load(fileURLToPath(new URL('./assets/latchkey.js', import.meta.url)), 'text/javascript; charset=utf-8'),
};

/** `/-/assets/<name>?v=<content hash>`: a changed file gets a new URL, so it can be cached long. */
export function assetUrl(name: keyof typeof ASSETS & string): string {
  const asset = ASSETS[name];
  return `/-/assets/${name}${asset ? `?v=${asset.version}` : ''}`;
}

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  app.get('/-/assets/:file', { config: { auth: 'none' } }, async (request, reply) => {
    const name = (request.params as { file: string }).file;
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return reply.callNotFound();
    return reply
      .header('content-type', asset.type)
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .send(asset.body);
  });
}
