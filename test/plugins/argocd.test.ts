// The Argo CD config management plugin (plugins/argocd/plugin.yaml), run the way Argo CD's
// argocd-cmp-server runs it (argoproj/argo-cd 37ee0097, cmpserver/plugin/plugin.go runCommand:
// exec(command[0], command[1:] + args) in the Application's source directory, with the sidecar's
// environment, the build environment and the Application's plugin.env prefixed ARGOCD_ENV_).
// `helm` is a stand-in that records its arguments and prints a rendered chart.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BINARY } from '../helpers/binary';
import { tempDir } from '../helpers/run-cli';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLUGIN = join(ROOT, 'plugins/argocd');
const EXAMPLE = join(ROOT, 'examples/helm-chart-rendered');

interface Command {
  command?: string[];
  args?: string[];
}

interface PluginConfig {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { version?: string; init?: Command; generate: Command; discover?: { fileName?: string; find?: Command & { glob?: string } } } & Record<string, unknown>;
}

const config = parse(readFileSync(join(PLUGIN, 'plugin.yaml'), 'utf8')) as PluginConfig;

/** Fields of cmpserver/plugin/config.go PluginConfig, PluginConfigSpec, Command, Discover, Find. */
const ARGO_FIELDS = {
  top: ['apiVersion', 'kind', 'metadata', 'spec'],
  spec: ['version', 'init', 'generate', 'discover', 'parameters', 'preserveFileMode', 'provideGitCreds'],
  command: ['command', 'args'],
  discover: ['find', 'fileName'],
  find: ['command', 'args', 'glob'],
};

const unknown = (object: object, known: string[]): string[] => Object.keys(object).filter((k) => !known.includes(k));

/** A PATH with a recording `helm`, `proxy-render` (the built one, or a stand-in) and node. */
function toolbox(opts: { proxyRender?: string } = {}): { bin: string; helmLog: string } {
  const bin = tempDir();
  const helmLog = join(bin, 'helm.log');
  writeFileSync(
    join(bin, 'helm'),
    `#!/bin/sh
printf '%s\\n' "$*" >> '${helmLog}'
if [ "$1" = template ]; then
  if [ -n "\${FAKE_HELM_FAIL:-}" ]; then echo 'Error: template: my-app/templates/deployment.yaml:12: nil pointer' >&2; exit 1; fi
  cat '${join(EXAMPLE, 'rendered.yaml')}'
fi
`,
  );
  chmodSync(join(bin, 'helm'), 0o755);
  if (opts.proxyRender) {
    writeFileSync(join(bin, 'proxy-render'), opts.proxyRender);
    chmodSync(join(bin, 'proxy-render'), 0o755);
  } else {
    symlinkSync(BINARY, join(bin, 'proxy-render'));
  }
  symlinkSync(process.execPath, join(bin, 'node'));
  return { bin, helmLog };
}

function runCommand(command: Command, cwd: string, bin: string, env: Record<string, string>): { stdout: string; stderr: string; status: number | null } {
  const [file, ...rest] = command.command!;
  const result = spawnSync(file!, [...rest, ...(command.args ?? [])], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      HOME: tempDir(),
      ARGOCD_APP_NAME: 'my-app',
      ARGOCD_APP_NAMESPACE: 'shop',
      ARGOCD_APP_REVISION: 'f913b6cbf58aa5ae5ca1f8a2b149477aebcbd9d8',
      KUBE_VERSION: '1.31.0',
      KUBE_API_VERSIONS: 'v1,apps/v1,batch/v1',
      ...env,
    },
  });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

function appDir(files: Record<string, string> = {}): string {
  return tempDir({ 'Chart.yaml': 'apiVersion: v2\nname: my-app\nversion: 0.1.0\n', 'values.yaml': '', ...files });
}

const LICENSE_ENV = { ARGOCD_ENV_PROXY_RENDER_LICENSE: join(EXAMPLE, 'license.yaml') };
const SETTINGS_ENV = { ...LICENSE_ENV, ARGOCD_ENV_PROXY_RENDER_PRIVATE: 'quay.io/my-org/*,ghcr.io/my-org/*' };

describe('plugins/argocd/plugin.yaml is a config Argo CD reads', () => {
  it('has only fields of ConfigManagementPlugin, a name and a generate command', () => {
    expect(config).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'proxy-render' } });
    expect(unknown(config, ARGO_FIELDS.top)).toEqual([]);
    expect(unknown(config.spec, ARGO_FIELDS.spec)).toEqual([]);
    for (const command of [config.spec.init, config.spec.generate]) expect(unknown(command ?? {}, ARGO_FIELDS.command)).toEqual([]);
    expect(unknown(config.spec.discover ?? {}, ARGO_FIELDS.discover)).toEqual([]);
    expect(config.spec.generate.command?.length).toBeGreaterThan(0);
  });

  it('is picked up by charts that hold a proxy-render.yaml', () => {
    expect(config.spec.discover).toEqual({ fileName: './proxy-render.yaml' });
  });
});

describe('generate', () => {
  it('renders with helm template (release name, namespace, cluster versions, HELM_ARGS) and rewrites through proxy-render', () => {
    const { bin, helmLog } = toolbox();
    const run = runCommand(config.spec.generate, appDir(), bin, { ...SETTINGS_ENV, ARGOCD_ENV_HELM_ARGS: '--values values-prod.yaml --set replicas=3' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(EXAMPLE, 'expected-output.yaml'), 'utf8'));
    expect(readFileSync(helmLog, 'utf8')).toBe(
      'template my-app . --namespace shop --kube-version 1.31.0 --api-versions v1,apps/v1,batch/v1 --values values-prod.yaml --set replicas=3\n',
    );
  });

  it("reads settings from a proxy-render.yaml in the source directory; plugin.env's PROXY_RENDER_* win over it", () => {
    const { bin } = toolbox();
    const dir = appDir({ 'proxy-render.yaml': 'appSlug: other-app\nprivate:\n  - quay.io/my-org/*\n  - ghcr.io/my-org/*\n' });
    const fromFile = runCommand(config.spec.generate, dir, bin, {});
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toContain('image: "proxy.replicated.com/proxy/other-app/quay.io/my-org/api:1.4.2"');

    const overridden = runCommand(config.spec.generate, dir, bin, { ...LICENSE_ENV, ARGOCD_ENV_PROXY_RENDER_APP_SLUG: 'my-app' });
    expect(overridden.stdout).toBe(readFileSync(join(EXAMPLE, 'expected-output.yaml'), 'utf8'));
  });

  it('fails without output when helm fails: proxy-render never sees an empty stream', () => {
    const { bin } = toolbox();
    const run = runCommand(config.spec.generate, appDir(), bin, { ...SETTINGS_ENV, FAKE_HELM_FAIL: '1' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Error: template: my-app/templates/deployment.yaml:12: nil pointer');
  });

  it("fails with proxy-render's one-line message (Argo CD shows stderr) on a bad setting", () => {
    const { bin } = toolbox();
    const run = runCommand(config.spec.generate, appDir(), bin, { ...SETTINGS_ENV, ARGOCD_ENV_PROXY_RENDER_APP_SLUG: 'My_App' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^proxy-render: error: PROXY_RENDER_APP_SLUG: 'My_App' is not an app slug[^\n]*\n$/);
  });

  it('passes the mounted license file with --license when it exists, and nothing when it does not', () => {
    const { bin } = toolbox({ proxyRender: '#!/bin/sh\ncat > /dev/null\nprintf "%s\\n" "$@"\n' });
    const license = join(tempDir({ 'license.yaml': 'apiVersion: kots.io/v1beta1\nkind: License\n' }), 'license.yaml');
    expect(runCommand(config.spec.generate, appDir(), bin, { REPLICATED_LICENSE_FILE: license }).stdout).toBe(`--license\n${license}\n`);
    expect(runCommand(config.spec.generate, appDir({ 'proxy-render.yaml': '' }), bin, { REPLICATED_LICENSE_FILE: '/nonexistent/license.yaml' }).stdout).toBe(
      '--config\nproxy-render.yaml\n',
    );
  });
});

describe('init', () => {
  it('builds chart dependencies only when Chart.yaml declares some, writing nothing to stdout', () => {
    const { bin, helmLog } = toolbox();
    const plain = runCommand(config.spec.init!, appDir(), bin, {});
    expect(plain.status, plain.stderr).toBe(0);
    expect(existsSync(helmLog)).toBe(false);

    const withDeps = appDir({ 'Chart.yaml': 'apiVersion: v2\nname: my-app\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n' });
    const run = runCommand(config.spec.init!, withDeps, bin, {});
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(helmLog, 'utf8')).toBe('dependency build\n');
  });
});

describe('the repo-server patch', () => {
  const patchText = readFileSync(join(PLUGIN, 'repo-server-patch.yaml'), 'utf8');

  it('is shown verbatim in the README', () => {
    expect(readFileSync(join(PLUGIN, 'README.md'), 'utf8')).toContain(`\`\`\`yaml\n${patchText}\`\`\``);
  });

  it("runs argocd-cmp-server as user 999 with Argo CD's volumes, its own /tmp and the license Secret", () => {
    const patch = parse(patchText) as {
      spec: { template: { spec: { containers: { command: string[]; securityContext: { runAsUser: number }; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string }[] } } };
    };
    const [sidecar] = patch.spec.template.spec.containers;
    expect(sidecar!.command).toEqual(['/var/run/argocd/argocd-cmp-server']);
    expect(sidecar!.securityContext.runAsUser).toBe(999);
    expect(Object.fromEntries(sidecar!.volumeMounts.map((m) => [m.name, m.mountPath]))).toEqual({
      'var-files': '/var/run/argocd',
      plugins: '/home/argocd/cmp-server/plugins',
      'cmp-tmp': '/tmp',
      'proxy-render-license': '/var/run/proxy-render',
    });
    expect(patch.spec.template.spec.volumes.map((v) => v.name)).toEqual(['cmp-tmp', 'proxy-render-license']);
  });
});
