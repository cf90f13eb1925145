import { createServer } from 'node:http';

// The physical limit of this runtime: a bare node:http server answering the same JSON.
const body = JSON.stringify({
  id: 1,
  name: 'bench',
  revoked: false,
  created_at: '2026-11-29T12:00:00.000Z',
  scopes: ['api'],
  user_id: 2,
  last_used_at: null,
  active: true,
  expires_at: null,
});
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
