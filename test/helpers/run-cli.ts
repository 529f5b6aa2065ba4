// runBinary with the option style these tests use, and scratch folders that go away after
// each test file.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { runBinary, type Run } from './binary';

export { BINARY } from './binary';
export type CliResult = Run;

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
}

export function runCli(args: string[], stdin: string | Buffer, opts: CliOptions = {}): CliResult {
  return runBinary(args, stdin, opts.env, opts.cwd);
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
