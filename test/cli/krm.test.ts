// KRM function basics: a ResourceList (config.kubernetes.io/v1 or v1beta1, YAML or JSON) in,
// the same form out, with `results`; orchestrator annotations and item order untouched.
// Also `kind: List` documents in a stream, and the kustomize legacy exec plugin call.

import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli';

const ARGS = ['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'];
const FROM = 'quay.io/my-org/api:1.2.3';
const TO = 'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3';

const resourceList = (apiVersion: string, image: string): string => `apiVersion: ${apiVersion}
kind: ResourceList
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      namespace: prod
    spec:
      template:
        spec:
          containers:
            - name: api
              image: ${image}
`;

describe('a YAML ResourceList', () => {
  it('config.kubernetes.io/v1: the items are rewritten in place and results follow', () => {
    const r = runCli(ARGS, resourceList('config.kubernetes.io/v1', FROM));
    expect(r.stdout.startsWith(resourceList('config.kubernetes.io/v1', TO))).toBe(true);
    expect(r.stdout.slice(resourceList('config.kubernetes.io/v1', TO).length)).toMatch(/^results:\n/);
    expect(r.status).toBe(0);
  });

  it('config.kubernetes.io/v1beta1 is accepted the same way', () => {
    const r = runCli(ARGS, resourceList('config.kubernetes.io/v1beta1', FROM));
    expect(r.stdout.startsWith(resourceList('config.kubernetes.io/v1beta1', TO))).toBe(true);
    expect(r.status).toBe(0);
  });

  it('a change is an info result with message, resourceRef and field.path', () => {
    const r = runCli(ARGS, resourceList('config.kubernetes.io/v1', FROM));
    expect(parse(r.stdout).results.filter(aboutAResource)).toEqual([
      {
        message: expect.stringContaining(`${FROM} -> ${TO}`),
        severity: 'info',
        resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'prod' },
        field: { path: 'spec.template.spec.containers[0].image' },
      },
    ]);
  });

  it('an image left as written is a warning result', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'all'], resourceList('config.kubernetes.io/v1', 'Quay.io/My-Org/API:1'));
    expect(parse(r.stdout).results.filter(aboutAResource)).toEqual([
      {
        message: expect.stringContaining('Quay.io/My-Org/API:1'),
        severity: 'warning',
        resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'prod' },
        field: { path: 'spec.template.spec.containers[0].image' },
      },
    ]);
    expect(r.status).toBe(0);
  });

  it('with nothing to change comes back byte for byte, without results', () => {
    const input = resourceList('config.kubernetes.io/v1', FROM);
    const r = runCli([], input);
    expect(r.stdout).toBe(input);
    expect(r.status).toBe(0);
  });

  it('under --dry-run keeps its items as they came and says in results what would change', () => {
    const input = resourceList('config.kubernetes.io/v1', FROM);
    const r = runCli([...ARGS, '--dry-run', '--license-id', 'dry-run-license-id'], input);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.startsWith(`${input}results:\n`)).toBe(true);
    const { results } = parse(r.stdout) as { results: { message: string; field?: { path: string } }[] };
    expect(results.map((x) => x.message)).toEqual([
      'would be created (kubernetes.io/dockerconfigjson)',
      `would change: ${FROM} -> ${TO} (matches private pattern 'quay.io/my-org/*')`,
      'would change: + my-app-registry (pulls from proxy.replicated.com)',
    ]);
  });
});

describe('results name the file an item came from', () => {
  const withAnnotations = (annotations: string): string => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: api
      annotations:
${annotations}    spec:
      containers:
        - name: api
          image: ${FROM}
`;

  it('from internal.config.kubernetes.io/path, with its index', () => {
    const input = withAnnotations(`        internal.config.kubernetes.io/path: 'apps/api.yaml'
        internal.config.kubernetes.io/index: '2'
`);
    const r = runCli(ARGS, input);
    expect(parse(r.stdout).results.filter(aboutAResource)[0].file).toEqual({ path: 'apps/api.yaml', index: 2 });
  });

  it('from the legacy config.kubernetes.io/path', () => {
    const input = withAnnotations(`        config.kubernetes.io/path: 'apps/api.yaml'
`);
    const r = runCli(ARGS, input);
    expect(parse(r.stdout).results.filter(aboutAResource)[0].file).toEqual({ path: 'apps/api.yaml' });
  });

  it('an item that cannot be read is an error result naming it, its field and its file', () => {
    const input = withAnnotations(`        internal.config.kubernetes.io/path: 'apps/api.yaml'
`).replace(`image: ${FROM}`, 'image: {name: api}');
    const r = runCli(ARGS, input);
    expect(r.status).toBe(1);
    expect(parse(r.stdout).results).toEqual([
      {
        message: 'document 1 items[0] (Pod api), line 13, column 18, spec.containers[0].image: expected a string, found a mapping',
        severity: 'error',
        resourceRef: { apiVersion: 'v1', kind: 'Pod', name: 'api' },
        field: { path: 'spec.containers[0].image' },
        file: { path: 'apps/api.yaml' },
      },
    ]);
  });
});

describe('orchestrator annotations', () => {
  const ANNOTATIONS = `        config.kubernetes.io/index: '0'
        config.kubernetes.io/path: "apps/api.yaml"
        internal.config.kubernetes.io/path: 'apps/api.yaml'
        internal.config.kubernetes.io/index: '0'
        internal.config.kubernetes.io/annotations-migration-resource-id: '0'
        internal.config.kubernetes.io/seqindent: "compact"
        config.k8s.io/id: "1"
        kustomize.config.k8s.io/id: |
          group: apps
          kind: Deployment
          name: api
          version: v1
`;
  const input = (image: string): string => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      annotations:
${ANNOTATIONS}    spec:
      template:
        spec:
          containers:
            - name: api
              image: ${image}
`;

  it('are kept byte for byte while the image beside them changes', () => {
    const r = runCli(ARGS, input(FROM));
    expect(r.stdout.startsWith(input(TO))).toBe(true);
  });
});

describe('items', () => {
  const item = (kind: string, name: string, image: string): string => `  - apiVersion: v1
    kind: ${kind}
    metadata:
      name: ${name}
    spec:
      containers:
        - name: c
          image: ${image}
`;

  it('keep their order', () => {
    const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
${item('Pod', 'zeta', FROM)}${item('Pod', 'alpha', 'nginx:1.25')}${item('Pod', 'mid', FROM)}`;
    const r = runCli(ARGS, input);
    expect(parse(r.stdout).items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['zeta', 'alpha', 'mid']);
    expect(r.stdout.startsWith(`apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
${item('Pod', 'zeta', TO)}${item('Pod', 'alpha', 'nginx:1.25')}${item('Pod', 'mid', TO)}`)).toBe(true);
  });

  it('keep their comments', () => {
    const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  # the API server
  - apiVersion: v1
    kind: Pod
    metadata:
      name: api # primary
    spec:
      containers:
        - name: api
          image: ${FROM} # pinned
`;
    const r = runCli(ARGS, input);
    expect(r.stdout.startsWith(input.replace(FROM, TO))).toBe(true);
  });
});

describe('a JSON ResourceList', () => {
  const json = (apiVersion: string) =>
    JSON.stringify({
      apiVersion,
      kind: 'ResourceList',
      items: [
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', annotations: { 'config.k8s.io/id': '1' } }, spec: { containers: [{ name: 'api', image: FROM }] } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
      ],
    });

  it('gives JSON out with the items rewritten', () => {
    const r = runCli(ARGS, json('config.kubernetes.io/v1'));
    const out = JSON.parse(r.stdout);
    expect(out.items).toEqual([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', annotations: { 'config.k8s.io/id': '1' } }, spec: { containers: [{ name: 'api', image: TO }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    ]);
    expect(r.status).toBe(0);
  });

  it('gives JSON results', () => {
    const r = runCli(ARGS, json('config.kubernetes.io/v1'));
    expect(JSON.parse(r.stdout).results.filter(aboutAResource)).toEqual([
      {
        message: expect.stringContaining(`${FROM} -> ${TO}`),
        severity: 'info',
        resourceRef: { apiVersion: 'v1', kind: 'Pod', name: 'api' },
        field: { path: 'spec.containers[0].image' },
      },
    ]);
  });

  it('config.kubernetes.io/v1beta1 is accepted', () => {
    const r = runCli(ARGS, json('config.kubernetes.io/v1beta1'));
    expect(JSON.parse(r.stdout).items[0].spec.containers[0].image).toBe(TO);
    expect(r.status).toBe(0);
  });

  it('with nothing to change comes back byte for byte', () => {
    const input = json('config.kubernetes.io/v1');
    const r = runCli([], input);
    expect(r.stdout).toBe(input);
  });
});

describe('kind: List in a stream', () => {
  it('its items are rewritten', () => {
    const list = (image: string): string => `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      containers:
        - name: api
          image: ${image}
`;
    const r = runCli(ARGS, list(FROM));
    expect(r.stdout).toBe(list(TO));
    expect(r.status).toBe(0);
  });

  it('beside other documents, each is rewritten', () => {
    const stream = (image: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: solo
spec:
  containers:
    - name: c
      image: ${image}
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      template:
        spec:
          containers:
            - name: api
              image: ${image}
`;
    const r = runCli(ARGS, stream(FROM));
    expect(r.stdout).toBe(stream(TO));
  });
});

describe('kustomize legacy exec plugin', () => {
  const CONFIG = `apiVersion: proxy-render.dev/v1alpha1
kind: ProxyRender
metadata:
  name: proxy
appSlug: my-app
private:
  - quay.io/my-org/*
`;
  const stream = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    config.kubernetes.io/index: '0'
    internal.config.kubernetes.io/index: '0'
    kustomize.config.k8s.io/id: |
      group: apps
      kind: Deployment
      name: api
      version: v1
spec:
  template:
    spec:
      containers:
        - name: api
          image: ${image}
`;

  it('argv[1] is the config; the stream comes back rewritten with kustomize.config.k8s.io/id kept', () => {
    const cwd = tempDir({ 'proxy-render-config.yaml': CONFIG });
    const r = runCli(['proxy-render-config.yaml'], stream(FROM), { cwd });
    expect(r.stdout).toBe(stream(TO));
    expect(r.status).toBe(0);
  });
});

/** Results about one resource; run-wide notes (such as a missing license) carry no resourceRef. */
function aboutAResource(result: { resourceRef?: unknown }): boolean {
  return result.resourceRef !== undefined;
}
