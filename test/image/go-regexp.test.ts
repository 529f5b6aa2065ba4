// kustomize reads an images: name as a Go regular expression. Each name here that both engines
// can read must match exactly the images the real `kubectl kustomize` matches; the others must
// be refused with a reason, never silently match something else.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOverrides, imageNameProblem } from '../../src/image/overrides';

const IMAGES = ['nginx:1', 'NGINX:1', 'nginx', 'docker.io/nginx:1', 'quay.io/org/nginx-extra:1', 'ngin]x:1', 'redis', 'a9/b:1', 'nginx:1@sha256:abcd', 'nginx@sha512:abcd', 'ngin\x07x'];

const work = mkdtempSync(join(tmpdir(), 'proxy-render-go-regexp-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The images `kubectl kustomize` gives a newTag of 9 under `name`. */
function kustomizeMatches(name: string): string[] {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: IMAGES.map((image, i) => ({ name: `c${i}`, image })) } };
  writeFileSync(join(work, 'pod.yaml'), JSON.stringify(pod));
  writeFileSync(join(work, 'kustomization.yaml'), JSON.stringify({ resources: ['pod.yaml'], images: [{ name, newTag: '9' }] }));
  const out = parse(execFileSync('kubectl', ['kustomize', work], { encoding: 'utf8' })) as { spec: { containers: { image: string }[] } };
  return IMAGES.filter((_, i) => out.spec.containers[i]!.image !== IMAGES[i]);
}

const ours = (name: string): string[] => IMAGES.filter((image) => applyOverrides(image, [{ name, newTag: '9' }]).image !== image);

describe('names Go and JavaScript read alike or that are translated, against kubectl kustomize', () => {
  const names = ['nginx', 'ngin.', '.*nginx', 'nginx|redis', '*', '+nginx', '(?i)NGINX', '(?s).*x', '[[:alpha:]]+', '[[:lower:][:digit:]]+/b', '\\Qngin]x\\E', 'nginx\\z', 'ngin\\ax', '[\\w]+\\.?[\\w]*', 'nginx\\b', '[]n]ginx', '(?P<n>nginx)', 'ngin\\x78'];
  it.each(names)('%s matches what kustomize matches', (name) => {
    expect(imageNameProblem(name)).toBeUndefined();
    const expected = kustomizeMatches(name);
    expect(ours(name)).toEqual(expected);
  });

  it('the list above is not trivial: kustomize matches different images for different names', () => {
    expect(kustomizeMatches('*')).toEqual(IMAGES);
    expect(kustomizeMatches('(?i)NGINX')).toEqual(['nginx:1', 'NGINX:1', 'nginx', 'nginx:1@sha256:abcd']);
    expect(kustomizeMatches('nginx')).not.toContain('nginx@sha512:abcd');
  });
});

describe('names this tool refuses, with the reason', () => {
  const cases: [name: string, reason: RegExp][] = [
    ['[', /not a regular expression/],
    ['(?=n)nginx', /lookaround/],
    ['(nginx)\\1', /\\1 is not an escape Go reads as JavaScript does/],
    ['(?i:nginx)', /flag group/],
    ['\\pLginx', /\\p is not an escape Go reads/],
    ['[[:foo:]]', /\[:foo:\] is not a character class/],
    ['\\Qquay.io/my-org/api', /\\Q without \\E/],
    ['ngin\\ex', /\\e is not an escape/],
    ['nginx\\E', /\\E is not an escape/],
    ['ngin[\\b]x', /\\b is not an escape Go reads in a character class/],
    ['a{1001}', /repeat count over 1000/],
  ];
  it.each(cases)('%s', (name, reason) => {
    expect(imageNameProblem(name)).toMatch(reason);
    expect(imageNameProblem(name)).toContain(`name: '${name}'`);
  });
});
