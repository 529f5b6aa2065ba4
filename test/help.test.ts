// --help and the README describe every setting the tool accepts, with the names it accepts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS, envName, kebab } from '../src/config/schema';
import { runBinary } from './helpers/binary';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('documentation', () => {
  const help = runBinary(['--help'], '').stdout;

  it.each(SETTINGS.map((s) => [s.key, s] as const))('%s is in --help and the README', (key, spec) => {
    expect(readme).toContain(`\`${key}\``);
    if (spec.fileOnly) expect(help).toContain(key);
    else {
      expect(help).toContain(`--${kebab(key)}`);
      expect(help).toContain(envName(key));
    }
  });

  it('the README opens with the command that runs the shipped example, and it works', () => {
    const first = /```sh\n([^\n]+)\n```/.exec(readme)![1]!;
    const [, args, file] = /^npm ci && dist\/proxy-render (.+) < (\S+)$/.exec(first)!;
    const argv = args!.match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ''));
    const run = runBinary(argv, readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'), {}, new URL('..', import.meta.url).pathname);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('proxy.replicated.com/proxy/my-app/');
    expect(run.stdout).toContain('kind: Secret');
  });
});
