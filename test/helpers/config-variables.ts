import { loadConfig } from '../../src/config.ts';

/** Every LATCHKEY_* name loadConfig looks up, whichever way it spells the lookup. */
export function variablesReadByLoadConfig(root: string): string[] {
  const asked = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_target, name) => (typeof name === 'string' && asked.add(name), undefined),
    has: (_target, name) => (typeof name === 'string' && asked.add(name), false),
  });
  loadConfig(env, root);
  return [...asked];
}
