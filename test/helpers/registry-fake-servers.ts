import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

/** A node HTTP server on 127.0.0.1 that records what it was asked and how many connections it took. */
export interface FakeServer {
  /** `127.0.0.1:<port>` */
  host: string;
  requests: SeenRequest[];
  connections: () => number;
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, seen: SeenRequest[]) => void;

/** Serves plain HTTP, or HTTPS when given a key and certificate. */
export async function startFakeHttpServer(handler: Handler, tls?: { key: string; cert: string }): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    handler(request, response, requests);
  };
  return listen(tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest), requests);
}

/**
 * A registry that lets anyone pull anything: `/v2/` and every manifest answer 200. Content-Length
 * is set as real registries do; without it node closes the connection after a HEAD.
 */
export const openRegistry: Handler = (request, response) => {
  const found = request.url === '/v2/' || /^\/v2\/.+\/manifests\/[^/]+$/.test(request.url ?? '');
  response.writeHead(found ? 200 : 404, { 'content-length': '0', 'docker-content-digest': 'sha256:' + '0'.repeat(64) });
  response.end();
};

/** A TCP server that does `onConnection` with each socket instead of speaking HTTP. */
export async function startRawServer(onConnection: (socket: Socket) => void): Promise<FakeServer> {
  return listen(createNetServer(onConnection), []);
}

async function listen(server: Server, requests: SeenRequest[]): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    host: `127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = await startRawServer(() => undefined);
  await server.close();
  return Number(server.host.split(':')[1]);
}
