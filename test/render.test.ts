// Whole-stream golden tests. Each folder under test/fixtures/ holds an input and, per case,
// `<case>.args` (one argument per line; `{dir}` is the folder), `<case>.expected.<ext>`
// (stdout) and optionally `<case>.expected.stderr`. The binary runs as Helm would run it.
// After a deliberate change: UPDATE_GOLDEN=1 npx vitest run test/render.test.ts, then review
// the diff of the expected files.

import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runBinary } from './helpers/binary';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function readIf(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

for (const folder of readdirSync(FIXTURES).filter((f) => existsSync(join(FIXTURES, f, "input.yaml")) || existsSync(join(FIXTURES, f, "input.json")))) {
  const dir = join(FIXTURES, folder);
  const ext = existsSync(join(dir, 'input.json')) ? 'json' : 'yaml';
  const input = readFileSync(join(dir, `input.${ext}`), 'utf8');
  const cases = readdirSync(dir).filter((f) => f.endsWith('.args')).map((f) => f.slice(0, -'.args'.length));

  describe(folder, () => {
    for (const name of cases) {
      const args = readFileSync(join(dir, `${name}.args`), 'utf8').split('\n').filter((a) => a !== '').map((a) => a.replaceAll('{dir}', dir));
      const expectedOut = join(dir, `${name}.expected.${ext}`);
      const expectedErr = join(dir, `${name}.expected.stderr`);

      it(`${name}: output and messages match the golden files`, () => {
        const run = runBinary(args, input);
        if (update) {
          writeFileSync(expectedOut, run.stdout);
          if (run.stderr) writeFileSync(expectedErr, run.stderr);
          else rmSync(expectedErr, { force: true });
        }
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout).toBe(readFileSync(expectedOut, 'utf8'));
        expect(run.stderr).toBe(readIf(expectedErr) ?? '');
      });

      it(`${name}: the output is valid ${ext === 'json' ? 'JSON' : 'YAML'}`, () => {
        const output = readFileSync(expectedOut, 'utf8');
        if (ext === 'json') expect(() => JSON.parse(output)).not.toThrow();
        else for (const doc of parseAllDocuments(output)) expect(doc.errors.map((e) => e.message)).toEqual([]);
      });

      it(`${name}: a second run over the output changes nothing`, () => {
        const once = readFileSync(expectedOut, 'utf8');
        const twice = runBinary(args, once);
        expect(twice.status, twice.stderr).toBe(0);
        // A ResourceList's results describe one run; everything before them must not move.
        expect(withoutResults(twice.stdout)).toBe(withoutResults(once));
      });
    }
  });
}

function withoutResults(output: string): string {
  const at = output.search(/\n(?:results:\n|,?\s*"results":)/);
  return at < 0 ? output : output.slice(0, at);
}
