// Every example runs as its README says. A README line `$ <command> > <file>` (in a code block)
// is the exact command a user types in the example's folder; its stdout must equal the
// committed <file>. Every expected-output*.yaml must be produced by one such line.
// After a deliberate change: UPDATE_GOLDEN=1 npx vitest run test/examples, then review the diff.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BINARY } from '../helpers/binary';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

interface ExampleCommand {
  command: string;
  expected: string;
}

/** `$ cmd args > expected-output.yaml` lines of a README. */
function readmeCommands(readme: string): ExampleCommand[] {
  return readme
    .split('\n')
    .map((line) => /^\$ (.+?) > (\S+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ command: m[1]!, expected: m[2]! }));
}

function run(command: string, cwd: string): { stdout: string; stderr: string; status: number | null } {
  // A clean environment: no PROXY_RENDER_* or KUSTOMIZE_* settings leak in from outside.
  const result = spawnSync('sh', ['-c', command], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const examples = readdirSync(EXAMPLES).filter((name) => statSync(join(EXAMPLES, name)).isDirectory());

it('there are examples, each with a README', () => {
  expect(examples).toEqual(expect.arrayContaining(['air-gap', 'helm-chart-rendered', 'kustomize-overlay']));
  for (const name of examples) expect(existsSync(join(EXAMPLES, name, 'README.md')), `${name}/README.md`).toBe(true);
});

for (const name of examples) {
  const dir = join(EXAMPLES, name);
  const commands = readmeCommands(readFileSync(join(dir, 'README.md'), 'utf8'));

  describe(`examples/${name}`, () => {
    it('its README gives a command for every committed expected output', () => {
      expect(commands.length, 'no `$ <command> > <file>` line in README.md').toBeGreaterThan(0);
      const outputs = readdirSync(dir).filter((f) => /^expected-output.*\.yaml$/.test(f));
      expect(commands.map((c) => c.expected).sort()).toEqual(outputs.sort());
    });

    for (const { command, expected } of commands) {
      it(`\`${command}\` prints ${expected}`, () => {
        expect(existsSync(BINARY), `${BINARY} is missing: run 'node build.mjs'`).toBe(true);
        const result = run(command, dir);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).not.toMatch(/error/i);
        if (update) writeFileSync(join(dir, expected), result.stdout);
        expect(result.stdout).toBe(readFileSync(join(dir, expected), 'utf8'));
      });
    }
  });
}
