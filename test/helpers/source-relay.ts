import net from 'node:net';

export interface SourceRelay {
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP relay on 127.0.0.1 that reaches `port` from `source`: a client that cannot bind an address
 * (git over HTTP, skopeo) is seen by the server as coming from there.
 */
export async function relayFrom(source: string, port: number): Promise<SourceRelay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port, localAddress: source });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => client.destroy());
    }
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
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
