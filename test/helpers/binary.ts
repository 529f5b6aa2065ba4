// Run the bundled executable the way Helm and kustomize do: argv, stdin, a clean environment.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BINARY = fileURLToPath(new URL('../../dist/proxy-render', import.meta.url));

export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function runBinary(args: readonly string[], stdin: string | Buffer, env: Record<string, string> = {}, cwd?: string): Run {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run 'node build.mjs' (npm test does)`);
  const result = spawnSync(process.execPath, [BINARY, ...args], {
    input: stdin,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    maxBuffer: 256 * 1024 * 1024,
    ...(cwd ? { cwd } : {}),
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}
