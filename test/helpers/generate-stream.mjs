// Deterministic Helm-like manifest streams for benchmarks and differential tests.
//
// generateStream({ documents, seed }) returns what `helm template` would print for a large
// chart: `---\n# Source: mychart/templates/<file>.yaml\n<document>` repeated, about 1 KB per
// document on average. Images come from private registries (matched by
// privateRepositoryPatterns) and from public ones, written in the spellings real charts use.
//
// kustomizeImagesFor(stream, options) returns the `images:` list KOTS would write to a
// kustomization for the same stream (DOMAIN.md sections 2, 6, 7), so `kubectl kustomize` can be
// run as the reference.

import { parseAllDocuments } from 'yaml';

/** Repository patterns of the private images the generator uses. */
export const privateRepositoryPatterns = ['quay.io/my-org/*', 'ghcr.io/acme/*', 'registry.example.com:5000/*'];

/**
 * @param {{ documents: number, seed?: number }} options
 * @returns {string}
 */
export function generateStream({ documents, seed = 1 }) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const images = imagePool(random);
  const parts = [];
  for (let i = 0; i < documents; i++) {
    const kind = pickWeighted(random, KIND_WEIGHTS);
    const name = `${pick(COMPONENTS)}-${i}`;
    const context = { random, pick, chance, images, name, index: i };
    const namespace = chance(0.6) ? pick(NAMESPACES) : undefined;
    const body = KIND_WRITERS[kind](context, namespace);
    const file = kind === 'Empty' ? `${name}-disabled.yaml` : `${name}-${kind.toLowerCase()}.yaml`;
    parts.push(`---\n# Source: mychart/templates/${file}\n${body}`);
  }
  return parts.join('');
}

/**
 * The KOTS-style kustomize `images:` entries for the private images of a stream: one entry per
 * image name as written (no tag, no digest), `newName` on the proxy.
 *
 * @param {string} streamText
 * @param {{ proxyDomain?: string, appSlug: string, isPrivate: (image: string) => boolean }} options
 *   isPrivate gets the image reference as written (with tag and digest).
 * @returns {{ name: string, newName: string }[]}
 */
export function kustomizeImagesFor(streamText, { proxyDomain = 'proxy.replicated.com', appSlug, isPrivate }) {
  const entries = new Map();
  for (const image of imagesIn(streamText)) {
    if (!isPrivate(image)) continue;
    const name = imageName(image);
    if (!entries.has(name)) entries.set(name, { name, newName: `${proxyDomain}/proxy/${appSlug}/${name}` });
  }
  return [...entries.values()];
}

/**
 * Every image reference in containers and initContainers of the pod specs of a stream, in order
 * of appearance, with repeats.
 *
 * @param {string} streamText
 * @returns {string[]}
 */
export function imagesIn(streamText) {
  const found = [];
  for (const document of parseAllDocuments(streamText)) {
    const resource = document.toJS();
    for (const podSpec of podSpecsOf(resource)) {
      for (const field of ['initContainers', 'containers']) {
        const containers = podSpec[field];
        if (!Array.isArray(containers)) continue;
        for (const container of containers) {
          if (typeof container?.image === 'string') found.push(container.image);
        }
      }
    }
  }
  return found;
}

/**
 * A predicate for `isPrivate` from repository patterns: `*` matches any run of characters,
 * the pattern is matched against the image name without tag and digest; `all` matches every image.
 *
 * @param {string[]} patterns
 * @returns {(image: string) => boolean}
 */
export function matchesRepositoryPatterns(patterns) {
  if (patterns.includes('all')) return () => true;
  const expressions = patterns.map(
    (pattern) => new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`),
  );
  return (image) => {
    const name = imageName(image);
    return expressions.some((expression) => expression.test(name));
  };
}

/**
 * The image name as written, without `:tag` and `@digest`.
 * @param {string} image
 */
export function imageName(image) {
  let name = image;
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  return name;
}

function podSpecsOf(resource) {
  if (resource === null || typeof resource !== 'object') return [];
  const spec = resource.spec;
  if (spec === null || typeof spec !== 'object') return [];
  if (resource.kind === 'Pod') return [spec];
  if (resource.kind === 'CronJob') {
    const podSpec = spec.jobTemplate?.spec?.template?.spec;
    return podSpec && typeof podSpec === 'object' ? [podSpec] : [];
  }
  const podSpec = spec.template?.spec;
  return podSpec && typeof podSpec === 'object' ? [podSpec] : [];
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Content

const COMPONENTS = ['api', 'worker', 'frontend', 'scheduler', 'billing', 'search', 'ingest', 'auth', 'reports', 'notifier'];
const NAMESPACES = ['my-app', 'my-app-jobs', 'monitoring'];

const KIND_WEIGHTS = [
  ['Deployment', 24],
  ['Service', 22],
  ['ConfigMap', 18],
  ['StatefulSet', 8],
  ['CronJob', 8],
  ['Job', 7],
  ['Pod', 2],
  ['ServiceAccount', 9],
  ['Empty', 2],
];

function imagePool(random) {
  const digest = () => {
    let hex = '';
    for (let i = 0; i < 64; i++) hex += '0123456789abcdef'[Math.floor(random() * 16)];
    return `sha256:${hex}`;
  };
  return {
    private: [
      'quay.io/my-org/api:v1.2.3',
      'quay.io/my-org/frontend:2.0.0',
      'quay.io/my-org/migrations',
      `ghcr.io/acme/worker@sha256:${digest().slice(7)}`,
      'ghcr.io/acme/scheduler:v0.9.1',
      'ghcr.io/acme/tools/cli:3.1',
      `registry.example.com:5000/team/tool:1.0@${digest()}`,
      'registry.example.com:5000/team/sidecar:latest',
    ],
    public: [
      'nginx:1.25',
      'redis',
      'bitnami/postgresql:16',
      'busybox:1.36',
      'docker.io/library/alpine:3.20',
      'registry.k8s.io/pause:3.9',
      'quay.io/prometheus/node-exporter:v1.8.0',
      'ghcr.io/acmecorp/agent:1.0',
    ],
  };
}

function pickImage({ chance, pick, images }) {
  return chance(0.65) ? pick(images.private) : pick(images.public);
}

function quoted(context, value) {
  const roll = context.random();
  if (roll < 0.15) return `"${value}"`;
  if (roll < 0.22) return `'${value}'`;
  return value;
}

function metadata(context, namespace, indent = '') {
  const lines = [
    `${indent}metadata:`,
    `${indent}  name: ${context.name}`,
  ];
  if (namespace) lines.push(`${indent}  namespace: ${namespace}`);
  lines.push(
    `${indent}  labels:`,
    `${indent}    app.kubernetes.io/name: ${context.name}`,
    `${indent}    app.kubernetes.io/instance: release-name`,
    `${indent}    helm.sh/chart: mychart-1.4.2`,
  );
  return lines.join('\n');
}

function container(context, indent, role) {
  const { chance, pick, name, random } = context;
  const image = pickImage(context);
  const lines = [
    `${indent}- name: ${role}`,
    `${indent}  image: ${quoted(context, image)}`,
  ];
  if (chance(0.5)) lines.push(`${indent}  imagePullPolicy: IfNotPresent`);
  if (role === 'init') {
    lines.push(`${indent}  command: ["sh", "-c", "until nc -z ${name}-db 5432; do sleep 2; done"]`);
    return lines.join('\n');
  }
  if (chance(0.3)) lines.push(`${indent}  args:`, `${indent}    - --log-level=info`, `${indent}    - --port=${8000 + Math.floor(random() * 1000)}`);
  lines.push(
    `${indent}  env:`,
    `${indent}    - name: APP_NAME`,
    `${indent}      value: ${name}`,
  );
  if (chance(0.3)) {
    // Looks like an image but is plain data: never rewritten.
    lines.push(`${indent}    - name: UPGRADE_IMAGE`, `${indent}      value: ${pick(context.images.private)}`);
  }
  lines.push(
    `${indent}  ports:`,
    `${indent}    - name: http`,
    `${indent}      containerPort: ${8000 + Math.floor(random() * 1000)}`,
    `${indent}      protocol: TCP`,
  );
  if (chance(0.6)) {
    lines.push(
      `${indent}  readinessProbe:`,
      `${indent}    httpGet:`,
      `${indent}      path: /healthz`,
      `${indent}      port: http`,
      `${indent}    periodSeconds: 10`,
    );
  }
  lines.push(
    `${indent}  resources:`,
    `${indent}    requests:`,
    `${indent}      cpu: ${pick(['50m', '100m', '250m'])}`,
    `${indent}      memory: ${pick(['64Mi', '128Mi', '256Mi'])}`,
  );
  if (chance(0.4)) lines.push(`${indent}  volumeMounts:`, `${indent}    - name: config`, `${indent}      mountPath: /etc/${name}`);
  return lines.join('\n');
}

function podSpec(context, indent, { restartPolicy } = {}) {
  const { chance, random, name } = context;
  const lines = [];
  if (restartPolicy) lines.push(`${indent}restartPolicy: ${restartPolicy}`);
  if (chance(0.3)) lines.push(`${indent}serviceAccountName: ${name}`);
  if (chance(0.15)) lines.push(`${indent}imagePullSecrets:`, `${indent}  - name: existing-secret`);
  if (chance(0.35)) lines.push(`${indent}initContainers:`, container(context, `${indent}  `, 'init'));
  lines.push(`${indent}containers:`);
  const count = 1 + Math.floor(random() * random() * 3);
  for (let i = 0; i < count; i++) lines.push(container(context, `${indent}  `, i === 0 ? 'main' : `sidecar-${i}`));
  if (chance(0.4)) lines.push(`${indent}volumes:`, `${indent}  - name: config`, `${indent}    configMap:`, `${indent}      name: ${name}-config`);
  return lines.join('\n');
}

function podTemplate(context, indent) {
  return [
    `${indent}template:`,
    `${indent}  metadata:`,
    `${indent}    labels:`,
    `${indent}      app.kubernetes.io/name: ${context.name}`,
    `${indent}  spec:`,
  ].join('\n');
}

const KIND_WRITERS = {
  Deployment(context, namespace) {
    return [
      'apiVersion: apps/v1',
      'kind: Deployment',
      metadata(context, namespace),
      'spec:',
      `  replicas: ${1 + Math.floor(context.random() * 3)}`,
      '  selector:',
      '    matchLabels:',
      `      app.kubernetes.io/name: ${context.name}`,
      podTemplate(context, '  '),
      podSpec(context, '      '),
      '',
    ].join('\n');
  },
  StatefulSet(context, namespace) {
    return [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      metadata(context, namespace),
      'spec:',
      `  serviceName: ${context.name}`,
      '  replicas: 1',
      '  selector:',
      '    matchLabels:',
      `      app.kubernetes.io/name: ${context.name}`,
      podTemplate(context, '  '),
      podSpec(context, '      '),
      '  volumeClaimTemplates:',
      '    - metadata:',
      '        name: data',
      '      spec:',
      '        accessModes: ["ReadWriteOnce"]',
      '        resources:',
      '          requests:',
      '            storage: 8Gi',
      '',
    ].join('\n');
  },
  Job(context, namespace) {
    return [
      'apiVersion: batch/v1',
      'kind: Job',
      metadata(context, namespace),
      'spec:',
      '  backoffLimit: 3',
      podTemplate(context, '  '),
      podSpec(context, '      ', { restartPolicy: 'OnFailure' }),
      '',
    ].join('\n');
  },
  CronJob(context, namespace) {
    return [
      'apiVersion: batch/v1',
      'kind: CronJob',
      metadata(context, namespace),
      'spec:',
      `  schedule: "${Math.floor(context.random() * 60)} * * * *"`,
      '  jobTemplate:',
      '    spec:',
      podTemplate(context, '      '),
      podSpec(context, '          ', { restartPolicy: 'Never' }),
      '',
    ].join('\n');
  },
  Pod(context, namespace) {
    return [
      'apiVersion: v1',
      'kind: Pod',
      metadata(context, namespace),
      'spec:',
      podSpec(context, '  ', { restartPolicy: 'Never' }),
      '',
    ].join('\n');
  },
  Service(context, namespace) {
    return [
      'apiVersion: v1',
      'kind: Service',
      metadata(context, namespace),
      'spec:',
      `  type: ${context.pick(['ClusterIP', 'ClusterIP', 'NodePort'])}`,
      '  ports:',
      '    - port: 80',
      '      targetPort: http',
      '      protocol: TCP',
      '      name: http',
      '  selector:',
      `    app.kubernetes.io/name: ${context.name}`,
      '',
    ].join('\n');
  },
  ServiceAccount(context, namespace) {
    return ['apiVersion: v1', 'kind: ServiceAccount', metadata(context, namespace), ''].join('\n');
  },
  ConfigMap(context, namespace) {
    const { chance, pick, name, images } = context;
    const lines = ['apiVersion: v1', 'kind: ConfigMap', metadata(context, namespace), 'data:'];
    lines.push(`  LOG_LEVEL: ${pick(['info', 'debug', 'warn'])}`);
    if (chance(0.6)) {
      // Text that looks like a manifest: `image:` here is data, never rewritten.
      lines.push(
        '  pod-template.yaml: |',
        '    apiVersion: v1',
        '    kind: Pod',
        '    metadata:',
        `      name: ${name}-debug`,
        '    spec:',
        '      containers:',
        '        - name: debug',
        `          image: ${pick(images.private)}`,
        '          command: ["sleep", "infinity"]',
      );
    }
    if (chance(0.5)) {
      lines.push(
        '  config.ini: |',
        '    [server]',
        `    name = ${name}`,
        '    # the updater pulls this',
        `    image: ${pick(images.private)}`,
        '    listen = 0.0.0.0:8080',
      );
    }
    lines.push('');
    return lines.join('\n');
  },
  Empty() {
    // A template that rendered to nothing (a disabled feature): Helm still prints its header.
    return '';
  },
};

function pickWeighted(random, weights) {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return weights[weights.length - 1][0];
}

/** A small seeded random number generator: the same seed gives the same numbers in [0, 1). */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
