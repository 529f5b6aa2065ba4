// The Helm post-renderer contracts (DOMAIN.md 10), with Helm played by helm-contract.ts:
// Helm 4 runs the plugin packaged by plugins/helm/package.sh exactly as its plugin.yaml says;
// Helm 3 runs dist/proxy-render by path. Inputs are in the form each Helm version writes.

import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { BINARY } from '../helpers/binary';
import { STACK_TRACE_LINE, tempDir } from '../helpers/run-cli';
import {
  FILENAME_ANNOTATION,
  HELM4_FIELDS,
  PLUGIN_NAME,
  STRICT_SEMVER,
  goPlatform,
  helm3PostRender,
  helm4PostRender,
  selectPlatformCommand,
  type PlatformCommand,
} from './helm-contract';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLUGIN_YAML = join(ROOT, 'plugins/helm/plugin.yaml');
const EXAMPLE = join(ROOT, 'examples/helm-chart-rendered');

interface PluginYaml {
  apiVersion: string;
  type: string;
  name: string;
  version: string;
  runtime: string;
  config?: Record<string, unknown> | null;
  runtimeConfig: { platformCommand: PlatformCommand[] } & Record<string, unknown>;
}

/** Messages on stderr, if any, are whole lines that each say who speaks (warnings are allowed). */
function expectStandaloneLines(stderr: string): void {
  for (const line of stderr.split('\n').filter((l) => l !== '')) expect(line).toMatch(/^proxy-render: (warning|info): \S/);
  expect(stderr).not.toMatch(STACK_TRACE_LINE);
}

const pluginYaml = parse(readFileSync(PLUGIN_YAML, 'utf8')) as PluginYaml;
const ARGS = ['--app-slug=my-app', '--private=quay.io/my-org/*,ghcr.io/my-org/*'];
/** The example's README command: its license adds the pull secret. */
const EXAMPLE_ARGS = [`--license=${join(EXAMPLE, 'license.yaml')}`, '--private=quay.io/my-org/*,ghcr.io/my-org/*'];

/** The plugin as `helm plugin install` leaves it: package.sh's directory. */
let installed: { dir: string; name: string; platformCommand: PlatformCommand[] };

beforeAll(() => {
  const out = tempDir();
  const packaged = spawnSync(join(ROOT, 'plugins/helm/package.sh'), [out], { encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`package.sh failed: ${packaged.stderr}`);
  installed = { dir: join(out, 'proxy-render'), name: pluginYaml.name, platformCommand: pluginYaml.runtimeConfig.platformCommand };
});

describe('plugins/helm/plugin.yaml is a plugin Helm 4 loads', () => {
  it('has only fields Helm 4 knows, at every level', () => {
    expect(Object.keys(pluginYaml).filter((k) => !HELM4_FIELDS.metadata.includes(k))).toEqual([]);
    expect(Object.keys(pluginYaml.runtimeConfig).filter((k) => !HELM4_FIELDS.subprocessRuntimeConfig.includes(k))).toEqual([]);
    for (const cmd of pluginYaml.runtimeConfig.platformCommand) {
      expect(Object.keys(cmd).filter((k) => !HELM4_FIELDS.platformCommand.includes(k))).toEqual([]);
    }
    expect(Object.keys(pluginYaml.config ?? {}).filter((k) => !HELM4_FIELDS.postRendererConfig.includes(k))).toEqual([]);
  });

  it('is a v1 postrenderer/v1 subprocess plugin with a valid name', () => {
    expect(pluginYaml).toMatchObject({ apiVersion: 'v1', type: 'postrenderer/v1', runtime: 'subprocess', name: 'proxy-render' });
    expect(pluginYaml.name).toMatch(PLUGIN_NAME);
  });

  it("has a strict SemVer version equal to package.json's", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(String(pluginYaml.version)).toMatch(STRICT_SEMVER);
    expect(pluginYaml.version).toBe(version);
  });

  it('has a command for linux and darwin on amd64 and arm64, in the plugin directory', () => {
    for (const os of ['linux', 'darwin']) {
      for (const arch of ['amd64', 'arm64']) {
        expect(selectPlatformCommand(pluginYaml.runtimeConfig.platformCommand, { os, arch })).toEqual({
          command: [`\${HELM_PLUGIN_DIR}/bin/proxy-render-${os}-${arch}`],
          args: [],
        });
      }
    }
    // Anything else runs the Node bundle.
    expect(selectPlatformCommand(pluginYaml.runtimeConfig.platformCommand, { os: 'freebsd', arch: 'amd64' })?.command).toEqual(['${HELM_PLUGIN_DIR}/bin/proxy-render']);
  });
});

describe('package.sh builds what helm plugin install takes', () => {
  it('puts plugin.yaml and an executable for every command into <out>/proxy-render', () => {
    expect(readFileSync(join(installed.dir, 'plugin.yaml'), 'utf8')).toBe(readFileSync(PLUGIN_YAML, 'utf8'));
    for (const cmd of pluginYaml.runtimeConfig.platformCommand) {
      const path = cmd.command.replace('${HELM_PLUGIN_DIR}', installed.dir);
      expect(statSync(path).mode & 0o111, path).toBe(0o111);
    }
  });

  it('writes an archive rooted at the plugin name, with directories and regular files only (all Helm extracts)', () => {
    const archive = join(installed.dir, '..', `proxy-render-${pluginYaml.version}.tgz`);
    expect(existsSync(archive)).toBe(true);
    const listing = spawnSync('tar', ['-tvzf', archive], { encoding: 'utf8' }).stdout.trim().split('\n');
    for (const line of listing) expect(line).toMatch(/^[-d]\S+\s.*\sproxy-render\/\S*$/);
    expect(listing.some((l) => l.endsWith('proxy-render/plugin.yaml'))).toBe(true);
  });

  it('refuses a plugin.yaml whose version differs from package.json', () => {
    const copy = tempDir();
    cpSync(join(ROOT, 'plugins/helm'), join(copy, 'plugins/helm'), { recursive: true });
    cpSync(BINARY, join(copy, 'dist/proxy-render'));
    writeFileSync(join(copy, 'package.json'), '{ "version": "9.9.9" }\n');
    const run = spawnSync(join(copy, 'plugins/helm/package.sh'), [], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^package\.sh: plugin\.yaml version '.+' differs from package\.json version '9\.9\.9'/);
  });
});

describe('Helm 4: --post-renderer proxy-render', () => {
  const input = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
  annotations:
    postrenderer.helm.sh/postrender-filename: my-app/templates/deployment.yaml
spec:
  template:
    spec:
      containers:
      - name: api
        image: quay.io/my-org/api:1.4.2
      - name: cache
        image: redis:7
---
apiVersion: batch/v1
kind: Job
metadata:
  name: my-app-migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
    postrenderer.helm.sh/postrender-filename: my-app/templates/migrate-job.yaml
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: quay.io/my-org/api:1.4.2
`;

  it('runs the command for this os/arch from the plugin directory, with the post-renderer args appended and the plugin env', () => {
    const dir = tempDir();
    cpSync(installed.dir, dir, { recursive: true });
    const { os, arch } = goPlatform();
    const target = join(dir, 'bin', existsSync(join(dir, `bin/proxy-render-${os}-${arch}`)) ? `proxy-render-${os}-${arch}` : 'proxy-render');
    // It reads all of stdin first, as Helm's contract has it: exiting early would break the pipe.
    writeFileSync(target, '#!/bin/sh\ncat > /dev/null\nprintf "%s\\n" "$@"\necho "name=$HELM_PLUGIN_NAME dir=$HELM_PLUGIN_DIR"\n');
    chmodSync(target, 0o755);
    const run = helm4PostRender({ ...installed, dir }, ['--app-slug', 'my-app', '--private=quay.io/my-org/*'], input);
    expect(run.file).toBe(target);
    expect(run.stdout).toBe(`--app-slug\nmy-app\n--private=quay.io/my-org/*\nname=proxy-render dir=${dir}\n`);
  });

  it('rewrites private images, hooks included, and every document keeps its filename annotation', () => {
    const run = helm4PostRender(installed, ARGS, input);
    expect(run.helmError, run.stderr).toBeUndefined();
    expectStandaloneLines(run.stderr);
    expect(run.stdout).toBe(
      input.replaceAll('image: quay.io/my-org/api:1.4.2', 'image: proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.4.2'),
    );
    expect(run.files).toEqual({ 'my-app/templates/deployment.yaml': 1, 'my-app/templates/migrate-job.yaml': 1 });
  });

  it('gives back every file of the example chart, each document annotated', () => {
    const manifests = readFileSync(join(EXAMPLE, 'rendered-helm4.yaml'), 'utf8');
    const run = helm4PostRender(installed, EXAMPLE_ARGS, manifests);
    expect(run.helmError, run.stderr).toBeUndefined();
    expect(run.stdout).toBe(readFileSync(join(EXAMPLE, 'expected-output-helm4.yaml'), 'utf8'));
    const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as { metadata: { annotations: Record<string, string> } });
    // The pull Secret proxy-render adds comes first, under a file name of its own.
    expect(docs.map((d) => d.metadata.annotations[FILENAME_ANNOTATION])).toEqual([
      'proxy-render/pull-secret.yaml',
      ...parseAllDocuments(manifests).map((d) => (d.toJS() as { metadata: { annotations: Record<string, string> } }).metadata.annotations[FILENAME_ANNOTATION]),
    ]);
    expect(Object.keys(run.files ?? {}).filter((f) => f.startsWith('generated-by-postrender'))).toEqual([]);
  });

  it('takes each --post-renderer-args value as one argument: --flag value and --flag=value both work', () => {
    const run = helm4PostRender(installed, ['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], input);
    expect(run.helmError, run.stderr).toBeUndefined();
    expect(run.stdout).toContain('image: proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.4.2');
  });

  it("reads PROXY_RENDER_* from Helm's environment and a config file relative to where helm runs", () => {
    const fromEnv = helm4PostRender(installed, [], input, { env: { PROXY_RENDER_APP_SLUG: 'my-app', PROXY_RENDER_PRIVATE: 'quay.io/my-org/*' } });
    expect(fromEnv.helmError, fromEnv.stderr).toBeUndefined();
    expect(fromEnv.stdout).toContain('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.4.2');

    const cwd = tempDir({ 'proxy-render.yaml': 'appSlug: my-app\nprivate:\n  - quay.io/my-org/*\n' });
    const fromFile = helm4PostRender(installed, ['--config=proxy-render.yaml'], input, { cwd });
    expect(fromFile.helmError, fromFile.stderr).toBeUndefined();
    expect(fromFile.stdout).toContain('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.4.2');
  });

  it('fails on a bad flag with one stderr line that names the flag and stands alone (Helm 4 shows only "exited with error")', () => {
    const run = helm4PostRender(installed, [...ARGS, '--privte=quay.io/x'], input);
    expect(run.status).toBe(1);
    expect(run.helmError).toBe('error while running post render on files: failed to invoke post-renderer plugin "proxy-render": plugin "proxy-render" exited with error');
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('proxy-render: error: unknown flag --privte; see --help\n');
  });

  it('fails on a bad value with one line naming the flag and the value', () => {
    const run = helm4PostRender(installed, ['--app-slug=My_App', '--private=quay.io/my-org/*'], input);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^proxy-render: error: --app-slug: 'My_App' is not an app slug[^\n]*\n$/);
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
  });

  // Helm 4 fails on empty output ("produced empty output"), and a chart that renders nothing
  // gives the post-renderer an empty stream. proxy-render must answer with something that is
  // not blank yet holds no resource (`---\n`).
  it('answers an empty stream with output Helm accepts and no resources', () => {
    const run = helm4PostRender(installed, ARGS, '');
    expect(run.helmError, run.stderr).toBeUndefined();
    expect(run.files).toEqual({});
  });
});

describe('Helm 3: --post-renderer ./dist/proxy-render', () => {
  const input = `---
# Source: my-app/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
spec:
  template:
    spec:
      containers:
        - name: api
          image: "quay.io/my-org/api:1.4.2"
        - name: cache
          image: redis:7
---
# Source: my-app/templates/cronjob.yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: my-app-cleanup
spec:
  schedule: "*/30 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: cleanup
              image: ghcr.io/my-org/worker:2.4.0
`;

  it('rewrites private images and keeps the # Source: comments and document markers', () => {
    const run = helm3PostRender(BINARY, ARGS, input);
    expect(run.helmError).toBeUndefined();
    expectStandaloneLines(run.stderr);
    expect(run.stdout).toBe(
      input
        .replace('image: "quay.io/my-org/api:1.4.2"', 'image: "proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.4.2"')
        .replace('image: ghcr.io/my-org/worker:2.4.0', 'image: proxy.replicated.com/proxy/my-app/ghcr.io/my-org/worker:2.4.0'),
    );
  });

  it('gives the example chart its committed output', () => {
    const run = helm3PostRender(BINARY, EXAMPLE_ARGS, readFileSync(join(EXAMPLE, 'rendered.yaml'), 'utf8'));
    expect(run.helmError).toBeUndefined();
    expect(run.stdout).toBe(readFileSync(join(EXAMPLE, 'expected-output.yaml'), 'utf8'));
  });

  it('fails on a bad flag: exit 1, nothing on stdout, and Helm 3 shows the one line naming the flag', () => {
    const run = helm3PostRender(BINARY, ['--app-slug=my-app', '--bogus'], input);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('proxy-render: error: unknown flag --bogus; see --help\n');
    expect(run.helmError).toContain('error output:\nproxy-render: error: unknown flag --bogus; see --help\n: exit status 1');
  });
});
