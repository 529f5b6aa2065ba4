import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BINARY = '/usr/bin/docker-registry';
const INSTALL_HINT = 'install it with: apt-get install -y docker-registry apache2-utils';

/** A real Distribution registry (Debian's docker-registry) on 127.0.0.1, optionally behind htpasswd. */
export interface DockerRegistry {
  /** `127.0.0.1:<port>`, usable as an image domain. */
  host: string;
  /** Pushes a one-layer image and returns its manifest digest. */
  pushImage(repository: string, tag: string): Promise<string>;
  stop(): Promise<void>;
}

export interface Login {
  user: string;
  password: string;
}

/**
 * `listen` picks the address: by default 127.0.0.1 on a free port. An address on port 80
 * (e.g. `127.0.0.2:80`) gives image names without a port, which can go through the proxy.
 */
export async function startDockerRegistry(login?: Login, listen?: string): Promise<DockerRegistry> {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing; ${INSTALL_HINT}`);
  const dir = await mkdtemp(join(tmpdir(), 'proxy-render-registry-'));
  const address = listen ?? `127.0.0.1:${await freePort()}`;
  const host = address.replace(/:80$/, '');
  const config = join(dir, 'config.yml');
  await writeFile(config, configYaml(dir, address, login ? await writeHtpasswd(dir, login) : undefined));
  const child = spawn(BINARY, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  try {
    await waitUntilServing(host, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const authorization = login ? `Basic ${Buffer.from(`${login.user}:${login.password}`).toString('base64')}` : undefined;
  return {
    host,
    pushImage: (repository, tag) => pushImage(`http://${host}`, repository, tag, authorization),
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function configYaml(dir: string, host: string, htpasswdPath: string | undefined): string {
  const auth = htpasswdPath ? `auth:\n  htpasswd:\n    realm: test-realm\n    path: ${htpasswdPath}\n` : '';
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    'http:',
    `  addr: ${host}`,
    auth,
  ].join('\n');
}

// The registry only reads bcrypt htpasswd entries, which Node cannot make; apache2-utils can.
async function writeHtpasswd(dir: string, login: Login): Promise<string> {
  let line: string;
  try {
    line = execFileSync('htpasswd', ['-Bbn', login.user, login.password], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`htpasswd failed (${(error as Error).message}); ${INSTALL_HINT}`);
  }
  const path = join(dir, 'htpasswd');
  await writeFile(path, line.trim() + '\n');
  return path;
}

async function waitUntilServing(host: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited ${child.exitCode}: ${stderr()}`);
    const answered = await fetch(`http://${host}/v2/`).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer on ${host}: ${stderr()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function pushImage(base: string, repository: string, tag: string, authorization?: string): Promise<string> {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  const layer = gzipSync(Buffer.from('hello from proxy-render tests\n'));
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [digestOf(layer)] } }),
  );
  await pushBlob(base, repository, layer, headers);
  await pushBlob(base, repository, config, headers);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: digestOf(config) },
    layers: [
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: digestOf(layer) },
    ],
  });
  const response = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' },
    body: manifest,
  });
  if (response.status !== 201) throw new Error(`manifest PUT answered ${response.status}: ${await response.text()}`);
  return digestOf(Buffer.from(manifest));
}

async function pushBlob(base: string, repository: string, blob: Buffer, headers: Record<string, string>): Promise<void> {
  const started = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  const location = started.headers.get('location');
  if (started.status !== 202 || !location) throw new Error(`blob upload POST answered ${started.status}`);
  const upload = new URL(location, base);
  upload.searchParams.set('digest', digestOf(blob));
  const finished = await fetch(upload, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: blob,
  });
  if (finished.status !== 201) throw new Error(`blob upload PUT answered ${finished.status}: ${await finished.text()}`);
}

function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
