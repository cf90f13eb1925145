/**
 * What a child process (git, the embedded registry) needs from ours to run: never the rest, which
 * holds LATCHKEY_SECRET and the database URL.
 */
export function minimalEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR']) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return env;
}
