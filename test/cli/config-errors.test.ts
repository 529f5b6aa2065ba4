// Bad configuration is a user error in every front end: exit 1, nothing on stdout, one line on
// stderr that names the flag, variable or key (and for files the file and the line).
// In ResourceList mode the list comes back on stdout with an error result.

import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { STACK_TRACE_LINE, expectUserError, runCli, tempDir } from '../helpers/run-cli';

const INPUT = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: quay.io/my-org/api:1.2.3
`;

describe('flags', () => {
  it('an unknown flag is named, with a suggestion', () => {
    const r = runCli(['--app-slug', 'my-app', '--privat', 'quay.io/my-org/*'], INPUT);
    expectUserError(r, 'unknown flag --privat (did you mean --private?); see --help');
  });

  it('a setting only config files hold is not a flag', () => {
    const r = runCli(['--images', 'nginx'], INPUT);
    expectUserError(r, /^unknown flag --images\b/);
  });

  it('a bad pattern names the flag and the pattern', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'quay.io/my-org/['], INPUT);
    expectUserError(r, /^--private: .*'quay\.io\/my-org\/\['/);
  });

  it('a bad host names the flag and the value', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'all', '--proxy-domain', 'not a host'], INPUT);
    expectUserError(r, "--proxy-domain: 'not a host' is not a registry host (host or host:port)");
  });

  it('a bad app slug names the flag', () => {
    const r = runCli(['--app-slug', 'My App', '--private', 'all'], INPUT);
    expectUserError(r, /^--app-slug: 'My App' is not an app slug/);
  });

  it('a boolean flag takes only true or false', () => {
    const r = runCli(['--report=maybe'], INPUT);
    expectUserError(r, '--report: expected true or false, got "maybe"');
  });

  it('a flag without its value is named', () => {
    const r = runCli(['--private', 'all', '--app-slug'], INPUT);
    expectUserError(r, '--app-slug needs a value');
  });
});

describe('a credential given where its file was wanted', () => {
  const ID = '2ViLmJ6dN8RQ0YHvWEBhg1SMvxP';
  it.each([
    [['--license-id-file', ID], 'licenseIdFile: cannot read: ENOENT (the path is not shown: it may be the secret itself, given where its file was wanted)'],
    [['--license', ID], 'license file: cannot read: ENOENT (a license file is wanted here; the value, not shown, may be the license ID: pass that with --license-id)'],
    [['--local-registry-host', 'r.local', '--local-registry-username', 'u', '--local-registry-password-file', 'my.pa/ss'], 'localRegistryPasswordFile: cannot read: ENOENT (the path is not shown: it may be the secret itself, given where its file was wanted)'],
  ])('%j is an error that does not show the value', (args, message) => {
    const r = runCli(['--app-slug', 'my-app', ...args], INPUT, { cwd: tempDir() });
    expectUserError(r, message);
    expect(r.stderr).not.toContain(args.at(-1));
  });
});

describe('PROXY_RENDER_* environment variables', () => {
  it('an unknown variable is named', () => {
    const r = runCli([], INPUT, { env: { PROXY_RENDER_APP_SLUGG: 'my-app' } });
    expectUserError(r, /^unknown environment variable PROXY_RENDER_APP_SLUGG\b/);
  });

  it('a setting only config files hold is not a variable', () => {
    const r = runCli([], INPUT, { env: { PROXY_RENDER_IMAGES: 'nginx' } });
    expectUserError(r, /^unknown environment variable PROXY_RENDER_IMAGES\b/);
  });

  it('a boolean variable takes only true or false', () => {
    const r = runCli([], INPUT, { env: { PROXY_RENDER_DRY_RUN: 'yes' } });
    expectUserError(r, 'PROXY_RENDER_DRY_RUN: expected true or false, got "yes"');
  });

  it('a bad host names the variable', () => {
    const r = runCli([], INPUT, { env: { PROXY_RENDER_LOCAL_REGISTRY_HOST: 'http://reg.local' } });
    expectUserError(r, "PROXY_RENDER_LOCAL_REGISTRY_HOST: 'http://reg.local' is not a registry host (host or host:port)");
  });

  it('a bad pattern in a list names the variable and the pattern', () => {
    const r = runCli([], INPUT, { env: { PROXY_RENDER_APP_SLUG: 'my-app', PROXY_RENDER_PRIVATE: 'quay.io/my-org/*,quay.io/[' } });
    expectUserError(r, /^PROXY_RENDER_PRIVATE: .*'quay\.io\/\['/);
  });
});

describe('config file', () => {
  const runWithConfig = (config: string) => runCli(['--config', 'proxy-render.yaml'], INPUT, { cwd: tempDir({ 'proxy-render.yaml': config }) });

  it('an unknown key is named with the file and its line', () => {
    const r = runWithConfig(`apiVersion: proxy-render.dev/v1alpha1
kind: ProxyRender
appSlug: my-app
privat: [quay.io/my-org/*]
`);
    expectUserError(r, /^config file proxy-render\.yaml, line 4, column 1, privat: unknown setting 'privat'/);
  });

  it('a bad pattern names the file, the line and the key', () => {
    const r = runWithConfig(`appSlug: my-app
private:
  - quay.io/my-org/[
`);
    expectUserError(r, /^config file proxy-render\.yaml, line [23], column \d+, private: .*'quay\.io\/my-org\/\['/);
  });

  it('a bad host names the file, the line and the key', () => {
    const r = runWithConfig(`appSlug: my-app
proxyDomain: https://images.vendor.com
`);
    expectUserError(r, "config file proxy-render.yaml, line 2, column 14, proxyDomain: 'https://images.vendor.com' is not a registry host (host or host:port)");
  });

  it('a boolean key takes only true or false', () => {
    const r = runWithConfig('dryRun: yes\n');
    expectUserError(r, 'config file proxy-render.yaml, line 1, column 9, dryRun: expected true or false, got "yes"');
  });

  it('an images entry without name names the entry and the missing field', () => {
    const r = runWithConfig(`images:
  - newTag: "2.0.0"
`);
    expectUserError(r, "config file proxy-render.yaml, line 2, column 5, images[0]: 'name' is required");
  });

  it('an images entry with an unknown field names it', () => {
    const r = runWithConfig(`images:
  - name: nginx
    newTg: "2.0.0"
`);
    expectUserError(r, /^config file proxy-render\.yaml, line 2, column 5, images\[0\]: unknown field 'newTg'/);
  });

  it('an images entry whose name is no regular expression kustomize and this tool read alike is refused', () => {
    const r = runWithConfig(`images:
  - name: nginx
  - name: "(?=quay)q.*"
    newTag: "2.0.0"
`);
    expectUserError(r, /^config file proxy-render\.yaml, line 3, column 5, images\[1\]: name: '\(\?=quay\)q\.\*' is read as a regular expression, as kustomize does: lookaround/);
  });

  it('images must be a list of mappings', () => {
    const r = runWithConfig('images: nginx\n');
    expectUserError(r, 'config file proxy-render.yaml, line 1, column 9, images: expected a list of mappings');
  });

  it('an imageFields entry without path names the missing field', () => {
    const r = runWithConfig(`imageFields:
  - kind: Widget
`);
    expectUserError(r, "config file proxy-render.yaml, line 2, column 5, imageFields[0]: 'path' is required");
  });

  it('an imageFields entry with a malformed path names the file, the line and the key', () => {
    const r = runWithConfig(`appSlug: my-app
private: [all]
imageFields:
  - kind: Widget
    path: spec//image
`);
    expectUserError(r, /^config file proxy-render\.yaml, line [345], column \d+, imageFields\[0\]: .*'spec\/\/image'/);
  });

  it('a ProxyRender of another apiVersion names the file, the line and apiVersion', () => {
    const r = runWithConfig(`apiVersion: proxy-render.dev/v1
kind: ProxyRender
appSlug: my-app
`);
    expectUserError(r, /^config file proxy-render\.yaml, line 1, column 13, apiVersion: apiVersion 'proxy-render\.dev\/v1' is not supported/);
  });

  it('a resource of another kind names the file, the line and kind', () => {
    const r = runWithConfig(`apiVersion: v1
kind: Secret
appSlug: my-app
`);
    expectUserError(r, /^config file proxy-render\.yaml, line 2, column 7, kind: kind 'Secret' is not a proxy-render configuration/);
  });

  it('malformed YAML names the file and the line', () => {
    const r = runWithConfig(`appSlug: my-app
\tprivate: [all]
`);
    expectUserError(r, /^config file proxy-render\.yaml, line 2, column 1: /);
  });

  it('a second document is an error, not silently ignored', () => {
    const r = runWithConfig(`appSlug: my-app
private:
  - all
---
appSlug: other-app
`);
    expectUserError(r, /^config file proxy-render\.yaml, line 4, column 1: .*\bone document\b/);
  });

  it('a second document is refused in words a user understands, whatever the first holds', () => {
    const r = runWithConfig(`appSlug: my-app
private: [all]
---
appSlug: other-app
`);
    expectUserError(r, /^config file proxy-render\.yaml, line 3, column 1: .*\bone document\b/);
  });

  it('a missing file is named', () => {
    const r = runCli(['--config', 'missing.yaml'], INPUT, { cwd: tempDir() });
    expectUserError(r, 'config file missing.yaml: cannot read: ENOENT');
  });

  it('a missing positional file (kustomize legacy plugin) is named', () => {
    const r = runCli(['missing.yaml'], INPUT, { cwd: tempDir() });
    expectUserError(r, 'config file missing.yaml: cannot read: ENOENT');
  });

  describe('as a ConfigMap', () => {
    it('an unknown data key is named with its line', () => {
      const r = runWithConfig(`apiVersion: v1
kind: ConfigMap
data:
  appSlug: my-app
  privat: quay.io/my-org/*
`);
      expectUserError(r, /^config file proxy-render\.yaml, line 5, column 3, privat: unknown setting 'privat'/);
    });

    it('images that are not a JSON list name the key and the line', () => {
      const r = runWithConfig(`apiVersion: v1
kind: ConfigMap
data:
  images: "name: nginx"
`);
      expectUserError(r, 'config file proxy-render.yaml, line 4, column 11, images: expected a JSON list in ConfigMap data');
    });

    it('a JSON images entry without name names the missing field', () => {
      const r = runWithConfig(`apiVersion: v1
kind: ConfigMap
data:
  images: '[{"newTag": "2.0.0"}]'
`);
      expectUserError(r, "config file proxy-render.yaml, line 4, column 11, images[0]: 'name' is required");
    });

    it('a bad pattern in a comma-separated list names the key', () => {
      const r = runWithConfig(`apiVersion: v1
kind: ConfigMap
data:
  appSlug: my-app
  private: quay.io/my-org/*,quay.io/[
`);
      expectUserError(r, /^config file proxy-render\.yaml, line 5, column \d+, private: .*'quay\.io\/\['/);
    });
  });
});

describe('settings that do not fit together', () => {
  it('proxying without an app slug says how to give one', () => {
    const r = runCli(['--private', 'quay.io/my-org/*'], INPUT);
    expectUserError(r, 'an app slug is needed to proxy images: pass --app-slug (or PROXY_RENDER_APP_SLUG, or appSlug in the config)');
  });

  it('a local registry namespace needs a local registry host', () => {
    const r = runCli(['--local-registry-namespace', 'apps'], INPUT);
    expectUserError(r, 'localRegistryNamespace and localRegistryKeepPath need localRegistryHost (--local-registry-host)');
  });

  it('--config and a positional config file together are refused', () => {
    const cwd = tempDir({ 'a.yaml': 'appSlug: a\n', 'b.yaml': 'appSlug: b\n' });
    const r = runCli(['--config', 'a.yaml', 'b.yaml'], INPUT, { cwd });
    expectUserError(r, "both --config a.yaml and 'b.yaml' given: pass one config file");
  });

  it.each([
    ['a host listed twice (in any case)', 'ghcr.io', 'GHCR.io', 'registryCredentials: ghcr.io already gets its credentials from an earlier registryCredentials entry'],
    ['the proxy host, whose login the license gives', 'ghcr.io', 'Proxy.Replicated.com', 'registryCredentials: proxy.replicated.com already gets its credentials from the license'],
  ])('registryCredentials with %s is refused: one pull-secret entry would silently replace the other', (_, first, second, message) => {
    const config = `appSlug: my-app\nprivate: [all]\nlicenseId: cfg-license-id\nregistryCredentials:\n  - {host: ${first}, username: a, password: pa}\n  - {host: ${second}, username: b, password: pb}\n`;
    const cwd = tempDir({ 'proxy-render.yaml': config });
    expectUserError(runCli(['--config', 'proxy-render.yaml'], INPUT, { cwd }), message);
  });

  it('a registryCredentials host is written in lowercase, as registries compare it', () => {
    const config = 'appSlug: my-app\nprivate: [all]\nlicenseId: cfg-license-id\nregistryCredentials:\n  - {host: GHCR.io, username: a, password: pa}\n';
    const r = runCli(['--config', 'proxy-render.yaml'], INPUT, { cwd: tempDir({ 'proxy-render.yaml': config }) });
    expect(r.status, r.stderr).toBe(0);
    const data = /\.dockerconfigjson: (\S+)/.exec(r.stdout)![1]!;
    expect(Object.keys(JSON.parse(Buffer.from(data, 'base64').toString()).auths)).toContain('ghcr.io');
  });

  it('a second positional argument is refused', () => {
    const cwd = tempDir({ 'a.yaml': 'appSlug: a\n' });
    const r = runCli(['a.yaml', 'extra'], INPUT, { cwd });
    expectUserError(r, "unexpected argument 'extra': one config file at most");
  });
});

describe('in ResourceList mode', () => {
  const resourceList = (functionConfig: string): string => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      containers:
        - name: api
          image: quay.io/my-org/api:1.2.3
functionConfig:
${functionConfig}`;

  const UNKNOWN_KEY = resourceList(`  apiVersion: proxy-render.dev/v1alpha1
  kind: ProxyRender
  appSlug: my-app
  privat: [quay.io/my-org/*]
`);

  it('a bad functionConfig gives the list back, unchanged, with one error result', () => {
    const r = runCli([], UNKNOWN_KEY);
    const out = parse(r.stdout);
    expect(out.items).toEqual(parse(UNKNOWN_KEY).items);
    expect(out.results).toHaveLength(1);
    expect(out.results[0].severity).toBe('error');
    expect(r.status).toBe(1);
  });

  it('the error result names the key and its line', () => {
    const r = runCli([], UNKNOWN_KEY);
    expect(parse(r.stdout).results[0].message).toMatch(/line 16, column 3, privat: unknown setting 'privat'/);
  });

  it('the same message is one line on stderr, with no stack trace', () => {
    const r = runCli([], UNKNOWN_KEY);
    expect(r.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(r.stderr).toMatch(/^proxy-render: error: [^\n]*line 16, column 3, privat: unknown setting 'privat'[^\n]*\n$/);
  });

  it('everything before the results is the input byte for byte', () => {
    const r = runCli([], UNKNOWN_KEY);
    expect(r.stdout.startsWith(UNKNOWN_KEY)).toBe(true);
    expect(r.stdout.slice(UNKNOWN_KEY.length)).toMatch(/^results:\n- message: /);
  });

  it('a bad value in ConfigMap data is an error result naming the key', () => {
    const input = resourceList(`  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: proxy
  data:
    appSlug: my-app
    dryRun: "yes"
`);
    const r = runCli([], input);
    expect(parse(r.stdout).results).toEqual([{ message: expect.stringMatching(/line 19, column \d+, dryRun: expected true or false/), severity: 'error' }]);
    expect(r.status).toBe(1);
  });

  it('a functionConfig of another kind is an error result', () => {
    const input = resourceList(`  apiVersion: v1
  kind: Secret
  metadata:
    name: proxy
`);
    const r = runCli([], input);
    expect(parse(r.stdout).results).toEqual([{ message: expect.stringMatching(/kind 'Secret' is not a proxy-render configuration/), severity: 'error' }]);
    expect(r.status).toBe(1);
  });

  it('a ProxyRender of another apiVersion is an error result', () => {
    const input = resourceList(`  apiVersion: proxy-render.dev/v2
  kind: ProxyRender
  appSlug: my-app
`);
    const r = runCli([], input);
    expect(parse(r.stdout).results).toEqual([{ message: expect.stringMatching(/apiVersion 'proxy-render\.dev\/v2' is not supported/), severity: 'error' }]);
    expect(r.status).toBe(1);
  });

  it('JSON input gives JSON output with the error result', () => {
    const input = JSON.stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [],
      functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'proxy' }, data: { privat: 'all' } },
    });
    const r = runCli([], input);
    const out = JSON.parse(r.stdout);
    expect(out.results).toEqual([{ message: expect.stringMatching(/privat: unknown setting 'privat'/), severity: 'error' }]);
    expect(r.status).toBe(1);
  });

  it('a bad environment variable is an error result too', () => {
    const input = resourceList(`  apiVersion: proxy-render.dev/v1alpha1
  kind: ProxyRender
  appSlug: my-app
`);
    const r = runCli([], input, { env: { PROXY_RENDER_REPORT: 'yes' } });
    expect(parse(r.stdout).results).toEqual([{ message: 'PROXY_RENDER_REPORT: expected true or false, got "yes"', severity: 'error' }]);
    expect(r.status).toBe(1);
  });

  it('a bad flag value is an error result too', () => {
    const input = resourceList(`  apiVersion: proxy-render.dev/v1alpha1
  kind: ProxyRender
  appSlug: my-app
`);
    const r = runCli(['--report=maybe'], input);
    expect(r.stdout).not.toBe('');
    expect(parse(r.stdout).results).toEqual([{ message: '--report: expected true or false, got "maybe"', severity: 'error' }]);
    expect(r.status).toBe(1);
  });
});
