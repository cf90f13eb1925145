import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { UserPrincipal } from '../domain/principal.ts';
import type { Deps } from '../deps.ts';
import { authenticateSshRequest } from './authentication.ts';
import { handleSession } from './git-session.ts';
import { readOrCreateHostKey } from './host-key.ts';

const METHODS: ssh2.AuthenticationType[] = ['publickey', 'password'];
const AUTH_TIMEOUT_MS = 60_000;
const MAX_AUTH_ATTEMPTS = 10;

/** ssh2's server-side connection has setNoDelay (lib/server.js); its typings leave it out. */
type ConnectionWithNoDelay = ssh2.Connection & { setNoDelay(noDelay: boolean): unknown };

export interface SshServer {
  port: number;
  close(): Promise<void>;
}

/** Git over SSH (npm ssh2): token passwords or registered public keys, git commands only. */
export async function startSshServer(deps: Deps, listen: { host: string; port: number }): Promise<SshServer> {
  const clients = new Set<ssh2.Connection>();
  const server = new ssh2.Server({ hostKeys: [readOrCreateHostKey(deps.config.dataDir)], ident: 'Latchkey' }, (client, info) => {
    const ip = info.ip;
    clients.add(client);
    // Nagle's algorithm held back the small packets of key exchange and authentication until the
    // client's delayed ACK: two ~40 ms stalls per connection (measured with strace on the client).
    (client as ConnectionWithNoDelay).setNoDelay(true);
    let principal: UserPrincipal | null = null;
    let attempts = 0;
    const timeout = setTimeout(() => client.end(), AUTH_TIMEOUT_MS);
    client.on('error', (error) => deps.log.debug({ err: error, ip }, 'ssh connection error'));
    client.on('close', () => {
      clearTimeout(timeout);
      clients.delete(client);
    });
    client.on('authentication', (ctx) => {
      attempts += 1;
      if (attempts > MAX_AUTH_ATTEMPTS) {
        ctx.reject([], false);
        client.end();
        return;
      }
      authenticateSshRequest(deps, ip, ctx).then(
        (outcome) => {
          if (outcome.kind === 'principal') principal = outcome.principal;
          if (outcome.kind === 'rejected') ctx.reject(METHODS);
          else ctx.accept();
        },
        (error: unknown) => {
          deps.log.error({ err: error, ip }, 'ssh authentication failed unexpectedly');
          ctx.reject(METHODS);
        },
      );
    });
    client.on('ready', () => {
      clearTimeout(timeout);
      const user = principal;
      if (!user) return client.end();
      deps.log.info({ ip, user: user.user.username, via: user.via }, 'ssh session authenticated');
      client.on('session', (accept) => handleSession(deps, user, ip, accept()));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error: Error) => deps.log.error({ err: error }, 'ssh server error'));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open connections would keep close() waiting: end them.
        for (const client of clients) client.end();
      }),
  };
}
