// loadSettings: defaults < functionConfig < config file < PROXY_RENDER_* env < flags, each
// later source replacing a setting whole; then the checks across settings.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/config/flags';
import { loadSettings } from '../../src/config/load';
import { defaults } from '../../src/config/schema';
import { InputError } from '../../src/kyaml/errors';
import { readPackage } from '../../src/kyaml/read';
import { tempDir } from '../helpers/run-cli';

const functionConfig = async (config: string) => {
  const pkg = readPackage(`apiVersion: config.kubernetes.io/v1
kind: ResourceList
items: []
functionConfig:
${config}`);
  return pkg.functionConfig!;
};

const errorOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (e) {
    if (e instanceof InputError) return e.describe();
    throw e;
  }
  throw new Error('expected an error');
};

describe('loadSettings', () => {
  it('gives the defaults when nothing is set', async () => {
    expect(await loadSettings({ commandLine: parseCommandLine([]), env: {} })).toEqual(defaults());
  });

  it('has these defaults for the core settings', () => {
    expect(defaults()).toMatchObject({
      appSlug: '',
      proxyDomain: 'proxy.replicated.com',
      registryDomain: 'registry.replicated.com',
      knownProxyDomains: [],
      private: [],
      public: [],
      localRegistryHost: '',
      localRegistryNamespace: '',
      localRegistryKeepPath: false,
      images: [],
      imageFields: [],
      report: false,
      reportJson: '',
      dryRun: false,
    });
  });

  it('takes each setting from the highest source that sets it', async () => {
    const dir = tempDir({ 'c.yaml': 'appSlug: file-app\nproxyDomain: file.example.com\nregistryDomain: file-registry.example.com\n' });
    const settings = await loadSettings({
      commandLine: parseCommandLine(['--config', join(dir, 'c.yaml'), '--app-slug', 'flag-app']),
      env: { PROXY_RENDER_APP_SLUG: 'env-app', PROXY_RENDER_PROXY_DOMAIN: 'env.example.com' },
      functionConfig: await functionConfig(`  apiVersion: proxy-render.dev/v1alpha1
  kind: ProxyRender
  appSlug: fc-app
  proxyDomain: fc.example.com
  registryDomain: fc-registry.example.com
  localRegistryHost: fc-local.example.com
`),
    });
    expect(settings).toMatchObject({
      appSlug: 'flag-app',
      proxyDomain: 'env.example.com',
      registryDomain: 'file-registry.example.com',
      localRegistryHost: 'fc-local.example.com',
    });
  });

  it('replaces a list whole rather than adding to it', async () => {
    const settings = await loadSettings({
      commandLine: parseCommandLine(['--app-slug', 'my-app', '--private', 'quay.io/flag/*']),
      env: { PROXY_RENDER_PRIVATE: 'quay.io/env/*' },
    });
    expect(settings.private).toEqual(['quay.io/flag/*']);
  });

  it('reads the positional argument as the config file', async () => {
    const dir = tempDir({ 'plugin.yaml': 'apiVersion: proxy-render.dev/v1alpha1\nkind: ProxyRender\nappSlug: plugin-app\n' });
    const settings = await loadSettings({ commandLine: parseCommandLine([join(dir, 'plugin.yaml')]), env: {} });
    expect(settings.appSlug).toBe('plugin-app');
  });

  it('reads a ConfigMap functionConfig', async () => {
    const settings = await loadSettings({
      commandLine: parseCommandLine([]),
      env: {},
      functionConfig: await functionConfig(`  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: proxy
  data:
    appSlug: fc-app
    private: quay.io/a/*,quay.io/b/*
`),
    });
    expect(settings).toMatchObject({ appSlug: 'fc-app', private: ['quay.io/a/*', 'quay.io/b/*'] });
  });

  it('needs an app slug to proxy', async () => {
    expect(await errorOf(loadSettings({ commandLine: parseCommandLine(['--private', 'all']), env: {} }))).toMatch(/^an app slug is needed to proxy images/);
  });

  it('does not need an app slug for a local registry', async () => {
    const settings = await loadSettings({ commandLine: parseCommandLine(['--private', 'all', '--local-registry-host', 'reg.local']), env: {} });
    expect(settings.localRegistryHost).toBe('reg.local');
  });

  it('needs a local registry host for --local-registry-keep-path', async () => {
    expect(await errorOf(loadSettings({ commandLine: parseCommandLine(['--local-registry-keep-path']), env: {} }))).toMatch(/need localRegistryHost/);
  });

  it('refuses two config files', async () => {
    expect(await errorOf(loadSettings({ commandLine: parseCommandLine(['--config', 'a.yaml', 'b.yaml']), env: {} }))).toBe(
      "both --config a.yaml and 'b.yaml' given: pass one config file",
    );
  });

  describe('a credential and the file that holds it count as one setting', () => {
    const dir = tempDir({ 'id.txt': 'fileid12345\n', 'pw.txt': 'file-password\n', 'c.yaml': 'licenseId: configid12345\nlocalRegistryPassword: config-password\n' });
    const load = (args: string[], env: Record<string, string> = {}) => loadSettings({ commandLine: parseCommandLine(['--local-registry-username', 'u', ...args]), env });

    it('the higher source wins, whichever of the two it gives', async () => {
      const fileBelow = await load(['--license-id', 'flagid12345', '--local-registry-password', 'flag-password'], {
        PROXY_RENDER_LICENSE_ID_FILE: join(dir, 'id.txt'),
        PROXY_RENDER_LOCAL_REGISTRY_PASSWORD_FILE: join(dir, 'pw.txt'),
      });
      expect(fileBelow).toMatchObject({ licenseId: 'flagid12345', localRegistryPassword: 'flag-password' });
      const fileAbove = await load(['--config', join(dir, 'c.yaml')], {
        PROXY_RENDER_LICENSE_ID_FILE: join(dir, 'id.txt'),
        PROXY_RENDER_LOCAL_REGISTRY_PASSWORD_FILE: join(dir, 'pw.txt'),
      });
      expect(fileAbove).toMatchObject({ licenseId: 'fileid12345', localRegistryPassword: 'file-password' });
    });

    it('an empty one counts as not given: it does not clear the license file\'s ID', async () => {
      const license = join(tempDir({ 'l.yaml': 'apiVersion: kots.io/v1beta1\nkind: License\nspec:\n  licenseID: licenseid123\n  appSlug: a\n' }), 'l.yaml');
      const loadWith = (args: string[], env: Record<string, string> = {}) => loadSettings({ commandLine: parseCommandLine(args), env });
      expect(await loadWith(['--license', license], { PROXY_RENDER_LICENSE_ID: '' })).toMatchObject({ licenseId: 'licenseid123' });
      expect(await loadWith(['--license', license, '--license-id', ''])).toMatchObject({ licenseId: 'licenseid123' });
    });

    it('both in one source is an error', async () => {
      expect(await errorOf(load(['--license-id', 'flagid12345', '--license-id-file', join(dir, 'id.txt')]))).toBe('licenseId and licenseIdFile both set in the command line: set one');
    });
  });

  describe('the license ID is checked, and never quoted', () => {
    const secret = 'Secret2aBcDeFg';
    const load = (args: string[], env: Record<string, string> = {}) => errorOf((async () => loadSettings({ commandLine: parseCommandLine(args), env }))());

    it.each<[string, string[], RegExp, Record<string, string>?]>([
      ['with a space', ['--license-id', `${secret} x`], /^--license-id: the license ID must be one word/],
      ['with a colon', [], /^PROXY_RENDER_LICENSE_ID: the license ID must be one word/, { PROXY_RENDER_LICENSE_ID: `${secret}:${secret}` }],
      ['an empty file', ['--license-id-file', join(tempDir({ 'id.txt': '\n' }), 'id.txt')], /^licenseIdFile \S+: the file is empty: it should hold the license ID$/],
      [
        'a license file given as the ID file',
        ['--license-id-file', join(tempDir({ 'l.yaml': `apiVersion: kots.io/v1beta1\nkind: License\nspec:\n  licenseID: ${secret}\n` }), 'l.yaml')],
        /^licenseIdFile \S+: the license ID must be one word .* \(this looks like a license file: pass it with --license\)$/,
      ],
    ])('%s', async (_name, args, message, env = {}) => {
      const error = await load(args, env);
      expect(error).toMatch(message);
      expect(error).not.toContain(secret);
    });

    it('in a license file too', async () => {
      const license = join(tempDir({ 'l.yaml': `apiVersion: kots.io/v1beta1\nkind: License\nspec:\n  licenseID: "${secret} ${secret}"\n  appSlug: a\n` }), 'l.yaml');
      const error = await load(['--license', license]);
      expect(error).toMatch(/line 4, column 14, spec\.licenseID: the license ID must be one word/);
      expect(error).not.toContain(secret);
    });
  });

  it('names the functionConfig key of an invalid value', async () => {
    const fc = await functionConfig(`  apiVersion: proxy-render.dev/v1alpha1
  kind: ProxyRender
  proxyDomain: "not a host"
`);
    expect(await errorOf(loadSettings({ commandLine: parseCommandLine([]), env: {}, functionConfig: fc }))).toMatch(
      /line 7, column 16, proxyDomain: 'not a host' is not a registry host/,
    );
  });
});
