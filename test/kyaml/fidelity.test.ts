// What is not ours to change stays byte for byte: on a real 5 MB stream, the only lines that
// differ after proxying every image are image lines, and only in their value.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/binary';
import { generateStream } from '../helpers/generate-stream.mjs';

const kubePrometheus = readFileSync(new URL('../../../shared/fixtures/kube-prometheus.yaml', import.meta.url), 'utf8');

function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!] as [string, string]]));
}

describe('byte fidelity on kube-prometheus', () => {
  it('with every image proxied, only image values change', () => {
    const run = runBinary(['--app-slug', 'my-app', '--private', 'all'], kubePrometheus);
    expect(run.status, run.stderr).toBe(0);
    const changed = changedLines(kubePrometheus, run.stdout);
    expect(changed.length).toBe(14);
    for (const [before, after] of changed) {
      const m = /^(\s*(?:- )?image: )(\S+)$/.exec(before);
      expect(m, before).not.toBeNull();
      expect(after).toBe(`${m![1]}proxy.replicated.com/proxy/my-app/${m![2]}`);
    }
  });

  it('with nothing to change, the output is the input', () => {
    const run = runBinary([], kubePrometheus);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout === kubePrometheus).toBe(true);
  });

  it('a second run over the output changes nothing', () => {
    const once = runBinary(['--app-slug', 'my-app', '--private', 'all'], kubePrometheus).stdout;
    const twice = runBinary(['--app-slug', 'my-app', '--private', 'all'], once);
    expect(twice.stdout === once).toBe(true);
  });

  it('on a generated stream, every document without a private image is untouched', () => {
    const stream = generateStream({ documents: 500, seed: 3 });
    const run = runBinary(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], stream);
    expect(run.status, run.stderr).toBe(0);
    for (const [before, after] of changedLines(stream, run.stdout)) {
      expect(before).toMatch(/image: .*quay\.io\/my-org\//);
      expect(after).toBe(before.replace('quay.io/my-org/', 'proxy.replicated.com/proxy/my-app/quay.io/my-org/'));
    }
  });
});
