import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';

/** An HTTP CONNECT proxy on 127.0.0.1 that sends `host:port` tunnels where `routes` says. */
export interface ConnectProxy {
  url: string;
  /** The `host:port` of every CONNECT it was asked for. */
  tunnels: string[];
  close(): Promise<void>;
}

// Routing names like `registry.test:443` to loopback lets tests use non-loopback hostnames
// (HTTPS by default, certificates for a name) without DNS or any outside address.
export async function startConnectProxy(routes: Record<string, string>): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((_request, response) => response.writeHead(502).end());
  server.on('connection', track);
  server.on('connect', (request, client: Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const destination = routes[request.url ?? ''];
    if (!destination) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const [host, port] = destination.split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
