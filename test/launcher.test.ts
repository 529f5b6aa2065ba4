// The executable keeps V8's code cache for its program in the cache directory. It only saves
// time: whatever state the cache is in, the output is the same, and nothing is said about it.

import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/run-cli';

const EXAMPLE = new URL('../examples/helm-chart-rendered/', import.meta.url).pathname;
const ARGS = ['--license', `${EXAMPLE}license.yaml`, '--private', 'quay.io/my-org/*,ghcr.io/my-org/*'];
const INPUT = readFileSync(`${EXAMPLE}rendered.yaml`, 'utf8');
const EXPECTED = readFileSync(`${EXAMPLE}expected-output.yaml`, 'utf8');

function render(env: Record<string, string>) {
  const r = runCli(ARGS, INPUT, { env });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(EXPECTED);
}

const caches = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('v8-code-'));

describe('the code cache', () => {
  it('is written on the first run, private to the user, and used as it is by the next', () => {
    const dir = join(tempDir(), 'cache');
    render({ PROXY_RENDER_CACHE_DIR: dir });
    const [name, ...more] = caches(dir);
    expect(more).toEqual([]);
    expect(name).toMatch(new RegExp(`^v8-code-[0-9a-f]{16}-${process.version}-${process.arch}\\.bin$`));
    const file = join(dir, name!);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = statSync(file);
    render({ PROXY_RENDER_CACHE_DIR: dir });
    // V8 accepted it: a rejected cache is replaced (a new file, renamed into place).
    expect(statSync(file).ino).toBe(written.ino);
    expect(statSync(file).mtimeMs).toBe(written.mtimeMs);
  });

  it('is not written by a run that only prints the version or the help, or fails, so the first real run writes it', () => {
    const dir = join(tempDir(), 'cache');
    for (const flag of ['--version', '--help', '-h']) expect(runCli([flag], '', { env: { PROXY_RENDER_CACHE_DIR: dir } }).status).toBe(0);
    // Nor by a run that fails early (a bad flag).
    expect(runCli(['--bogus'], INPUT, { env: { PROXY_RENDER_CACHE_DIR: dir } }).status).toBe(1);
    expect(existsSync(dir) ? caches(dir) : []).toEqual([]);
    render({ PROXY_RENDER_CACHE_DIR: dir });
    expect(caches(dir)).toHaveLength(1);
  });

  it('is replaced when damaged, and the run is as without it', () => {
    const dir = join(tempDir(), 'cache');
    render({ PROXY_RENDER_CACHE_DIR: dir });
    const file = join(dir, caches(dir)[0]!);
    writeFileSync(file, 'not a code cache');
    render({ PROXY_RENDER_CACHE_DIR: dir });
    expect(readFileSync(file, 'latin1')).not.toBe('not a code cache');
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it('changes nothing when it cannot be written', () => {
    const notADirectory = join(tempDir({ file: 'x' }), 'file');
    render({ PROXY_RENDER_CACHE_DIR: notADirectory });
    expect(readFileSync(notADirectory, 'utf8')).toBe('x');
  });

  it('goes to $XDG_CACHE_HOME/proxy-render by default', () => {
    const xdg = tempDir();
    render({ XDG_CACHE_HOME: xdg });
    expect(caches(join(xdg, 'proxy-render'))).toHaveLength(1);
  });

  it('removes the caches of other builds once they are 30 days old', () => {
    const dir = join(tempDir(), 'cache');
    mkdirSync(dir);
    const old = join(dir, 'v8-code-0000000000000000-v20.0.0-x64.bin');
    const recent = join(dir, 'v8-code-1111111111111111-v20.0.0-x64.bin');
    const other = join(dir, 'image-visibility.json');
    for (const file of [old, recent, other]) writeFileSync(file, 'x');
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000);
    utimesSync(old, daysAgo(31), daysAgo(31));
    utimesSync(recent, daysAgo(29), daysAgo(29));
    utimesSync(other, daysAgo(90), daysAgo(90));
    render({ PROXY_RENDER_CACHE_DIR: dir });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(other)).toBe(true);
    // The one kept and this build's own.
    expect(caches(dir)).toHaveLength(2);
  });
});
