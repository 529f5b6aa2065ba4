// With nothing to change, proxy-render is the identity: exit 0, stdout byte for byte stdin,
// nothing on stderr, whatever the formatting of the input.

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';

const HELM_STREAM = `---
# Source: my-chart/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
---
# Source: my-chart/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {app: api, "quoted": 'yes'}   # flow style, comment
spec:
  template:
    spec:
      containers:
      - name: api
        image: "quay.io/my-org/api:1.2.3"
        args: [--port, "8080"]
        command:
          - |
            multi
            line
`;

const expectIdentity = (args: string[], input: string): void => {
  const r = runCli(args, input);
  expect(r.stdout).toBe(input);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
};

describe('nothing to change', () => {
  it('no settings at all (no --private)', () => {
    expectIdentity([], HELM_STREAM);
  });

  it('--private that matches no image', () => {
    expectIdentity(['--app-slug', 'my-app', '--private', 'ghcr.io/other/*'], HELM_STREAM);
  });

  it('--public that covers every private image', () => {
    expectIdentity(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*', '--public', 'quay.io'], HELM_STREAM);
  });

  it('images already on the proxy', () => {
    const input = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3
`;
    expectIdentity(['--app-slug', 'my-app', '--private', 'all'], input);
  });

  it('empty input gives one empty document, as Helm 4 refuses empty output', () => {
    const r = runCli([], '');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('---\n');
  });

  it('only comments and separators', () => {
    expectIdentity(['--app-slug', 'my-app', '--private', 'all'], '# nothing here\n---\n---\n# still nothing\n');
  });

  it('no trailing newline', () => {
    expectIdentity([], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v');
  });

  it('CRLF line ends', () => {
    expectIdentity([], 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - image: quay.io/my-org/api:1\r\n');
  });

  it('document end markers (...)', () => {
    expectIdentity([], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n...\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n...\n');
  });

  it('a %YAML directive', () => {
    expectIdentity([], '%YAML 1.2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  });

  it('a byte order mark', () => {
    expectIdentity([], '\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  });

  it('a JSON document in a stream', () => {
    expectIdentity([], '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"image": "quay.io/my-org/api:1"}]}}\n');
  });
});

describe('a change touches only the image text', () => {
  it('everything around the rewritten image stays byte for byte', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], HELM_STREAM);
    expect(r.stdout).toBe(HELM_STREAM.replace('"quay.io/my-org/api:1.2.3"', '"proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3"'));
  });

  it('after a byte order mark, which stays, in a stream and in a ResourceList', () => {
    const pod = (image: string, indent = ''): string =>
      `${indent}apiVersion: v1\n${indent}kind: Pod\n${indent}metadata:\n${indent}  name: p\n${indent}spec:\n${indent}  containers:\n${indent}  - image: ${image}\n`;
    const args = ['--app-slug', 'my-app', '--private', 'all'];
    const to = 'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1';
    expect(runCli(args, `\uFEFF${pod('quay.io/my-org/api:1')}`).stdout).toBe(`\uFEFF${pod(to)}`);
    const list = (image: string): string => `\uFEFFapiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n-${pod(image, '  ').slice(1)}`;
    const r = runCli(args, list('quay.io/my-org/api:1'));
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(list(to))).toBe(true);
  });

  it('with CRLF line ends', () => {
    const crlf = (image: string): string => `apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - image: ${image}\r\n`;
    const r = runCli(['--app-slug', 'my-app', '--private', 'all'], crlf('quay.io/my-org/api:1'));
    expect(r.stdout).toBe(crlf('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1'));
  });
});
