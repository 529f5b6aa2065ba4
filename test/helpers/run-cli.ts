// Run the built executable the way Helm and kustomize do: argv, env and stdin in; stdout,
// stderr and the exit status out. The environment is the outer one without any
// PROXY_RENDER_* variable, plus what the test gives.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';

export const BINARY = fileURLToPath(new URL('../../dist/proxy-render', import.meta.url));

export interface CliResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
}

export function runCli(args: string[], stdin: string, opts: CliOptions = {}): CliResult {
  if (!existsSync(BINARY)) {
    throw new Error(`${BINARY} is missing: build it first with \`node build.mjs\` (npm test does this)`);
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('PROXY_RENDER_')) env[name] = value;
  }
  Object.assign(env, opts.env);
  const run = spawnSync(process.execPath, [BINARY, ...args], {
    input: stdin,
    env,
    encoding: 'utf8',
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
  });
  if (run.error) throw run.error;
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory holding the given files, removed after the test file; returns its path (use it as cwd). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-render-test-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Lines of a stack trace (`    at f (file:1:2)`), which a user error must never print. */
export const STACK_TRACE_LINE = /^[ \t]+at /m;

/**
 * A user error as the CLI must report it: exit 1, nothing on stdout, and exactly one line on
 * stderr, `proxy-render: error: <message>`, with no stack trace. A string is the whole
 * message; a pattern is matched against it.
 */
export function expectUserError(r: CliResult, message: string | RegExp): void {
  expect(r.stderr).not.toMatch(STACK_TRACE_LINE);
  expect(r.stderr).toMatch(/^proxy-render: error: [^\n]*\n$/);
  const text = r.stderr.slice('proxy-render: error: '.length, -1);
  if (typeof message === 'string') expect(text).toBe(message);
  else expect(text).toMatch(message);
  expect(r.stdout).toBe('');
  expect(r.status).toBe(1);
}
