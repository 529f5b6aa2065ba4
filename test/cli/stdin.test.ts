// Stdin as Helm and kustomize give it (a pipe) and as a shell redirect gives it (a file): the
// same bytes in, the same bytes out. A file is read in one call, a pipe as a stream.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStream } from '../helpers/generate-stream.mjs';
import { BINARY, runCli, tempDir } from '../helpers/run-cli';

const ARGS = ['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'];

/** Run with stdin opened on `file`, after `skip` bytes of it have been read by someone else. */
function runOnFile(file: string, skip = 0): { stdout: string; status: number | null } {
  const fd = openSync(file, 'r');
  try {
    if (skip > 0) readSync(fd, Buffer.alloc(skip), 0, skip, null);
    const r = spawnSync(process.execPath, [BINARY, ...ARGS], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { stdout: r.stdout, status: r.status };
  } finally {
    closeSync(fd);
  }
}

describe('stdin', () => {
  const input = generateStream({ documents: 200, seed: 3 });
  const file = join(tempDir(), 'in.yaml');
  writeFileSync(file, input);

  it('gives the same output from a file as from a pipe', () => {
    const piped = runCli(ARGS, input);
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain('proxy.replicated.com/proxy/my-app/quay.io/my-org/');
    const fromFile = runOnFile(file);
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toBe(piped.stdout);
  });

  it('reads a file from where the caller left it, as `{ head -c N; proxy-render; } < file` does', () => {
    // The first document goes to someone else; the rest is ours.
    const second = input.indexOf('\n---\n', 1) + 1;
    const fromFile = runOnFile(file, second);
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toBe(runCli(ARGS, input.slice(second)).stdout);
  });
});
