import net from 'node:net';

export interface SourceRelay {
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP relay on 127.0.0.1 that reaches `port` from `source`: a client that cannot bind an address
 * (git over HTTP, skopeo) is seen by the server as coming from there.
 */
export function relayFrom(source: string, port: number): Promise<SourceRelay> {
  return startRelay(port, source, (client, upstream) => client.pipe(upstream).pipe(client));
}

/**
 * A TCP relay on 127.0.0.1 to `port` that delivers every byte `oneWayMs` after it arrived, in each
 * direction: a distant client's round trip on loopback, with no limit on bandwidth. What it shows
 * is what waits on round trips (an SSH channel's window, request and answer turns).
 */
export function relayDelayed(port: number, oneWayMs: number): Promise<SourceRelay> {
  return startRelay(port, undefined, (client, upstream) => {
    for (const socket of [client, upstream]) socket.setNoDelay(true);
    relayLater(client, upstream, oneWayMs);
    relayLater(upstream, client, oneWayMs);
  });
}

async function startRelay(port: number, localAddress: string | undefined, relay: (client: net.Socket, upstream: net.Socket) => void): Promise<SourceRelay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port, ...(localAddress !== undefined && { localAddress }) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => client.destroy());
    }
    upstream.on('error', () => client.destroy());
    relay(client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `from`'s bytes and its end, written to `to` `delayMs` after they arrived, in order. */
function relayLater(from: net.Socket, to: net.Socket, delayMs: number): void {
  const pending: Array<{ at: number; chunk: Buffer | null }> = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const now = performance.now();
    while (pending.length > 0 && pending[0]!.at <= now) {
      const { chunk } = pending.shift()!;
      if (chunk === null) to.end();
      else if (!to.destroyed) to.write(chunk);
    }
    if (pending.length > 0) timer = setTimeout(flush, pending[0]!.at - now);
  };
  const later = (chunk: Buffer | null) => {
    pending.push({ at: performance.now() + delayMs, chunk });
    timer ??= setTimeout(flush, delayMs);
  };
  from.on('data', (chunk: Buffer) => later(chunk));
  from.on('end', () => later(null));
}
