// --log-file: the messages Helm 4 would hide are in a file as well as on stderr.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: $(IMAGE)\n';

describe('--log-file', () => {
  it('appends warnings with a timestamp, and they still go to stderr', () => {
    const log = join(tempDir(), 'proxy-render.log');
    const r = runCli(['--app-slug', 'my-app', '--private', 'all', `--log-file=${log}`], POD);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: Pod p, spec\.containers\[0\]\.image: image "\$\(IMAGE\)" left as written/);
    expect(readFileSync(log, 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z proxy-render: warning: Pod p, spec\.containers\[0\]\.image: /);
  });

  it('writes whole lines only, so that runs appended one after another stay apart', () => {
    const log = join(tempDir(), 'runs.log');
    for (let i = 0; i < 2; i++) runCli(['--app-slug', 'my-app', '--private', 'all', '--report', `--log-file=${log}`], POD);
    const lines = readFileSync(log, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z proxy-render: |^\d{4}-\d\d-\d\dT[\d:.]+Z RESOURCE /);
    expect(lines.filter((l) => l.includes('proxy-render: nothing changed'))).toHaveLength(2);
  });

  it('records errors too, also when set through the environment', () => {
    const log = join(tempDir(), 'errors.log');
    const r = runCli(['--app-slug', 'My App'], POD, { env: { PROXY_RENDER_LOG_FILE: log } });
    expect(r.status).toBe(1);
    expect(readFileSync(log, 'utf8')).toContain("proxy-render: error: --app-slug: 'My App' is not an app slug");
  });

  it('records a bad command line, wherever --log-file stands on it', () => {
    for (const args of [['--log-file', 'LOG', '--bogus'], ['--bogus', '--log-file=LOG'], ['--app-slug', 'My App', '--log-file', 'LOG']]) {
      const log = join(tempDir(), 'flags.log');
      const r = runCli(args.map((a) => a.replace('LOG', log)), POD);
      expect(r.status).toBe(1);
      expect(readFileSync(log, 'utf8')).toContain(r.stderr.trimEnd());
    }
  });

  it('writes nothing when there is nothing to say', () => {
    const log = join(tempDir(), 'quiet.log');
    expect(runCli([`--log-file=${log}`], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n').status).toBe(0);
    expect(existsSync(log)).toBe(false);
  });
});
