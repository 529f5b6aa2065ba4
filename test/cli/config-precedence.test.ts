// Precedence, highest first: flags > PROXY_RENDER_* env > config file > KRM functionConfig.
// Each source names a different app slug; the slug in the rewritten image tells which won.

import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli';

const STREAM = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: quay.io/my-org/api:1.2.3
`;

const RESOURCE_LIST = `apiVersion: config.kubernetes.io/v1
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
  apiVersion: proxy-render.dev/v1alpha1
  kind: ProxyRender
  appSlug: function-config-app
  private: [quay.io/my-org/*]
`;

const FILE = `apiVersion: proxy-render.dev/v1alpha1
kind: ProxyRender
appSlug: file-app
private: [quay.io/my-org/*]
`;

const imageLine = (slug: string, indent: string): string => `${indent}image: proxy.replicated.com/proxy/${slug}/quay.io/my-org/api:1.2.3\n`;

describe('in a stream', () => {
  it('a flag wins over the environment', () => {
    const r = runCli(['--app-slug', 'flag-app', '--private', 'quay.io/my-org/*'], STREAM, { env: { PROXY_RENDER_APP_SLUG: 'env-app' } });
    expect(r.stdout).toContain(imageLine('flag-app', '      '));
  });

  it('the environment wins over the config file', () => {
    const cwd = tempDir({ 'proxy-render.yaml': FILE });
    const r = runCli(['--config', 'proxy-render.yaml'], STREAM, { cwd, env: { PROXY_RENDER_APP_SLUG: 'env-app' } });
    expect(r.stdout).toContain(imageLine('env-app', '      '));
  });

  it('a flag wins over the config file', () => {
    const cwd = tempDir({ 'proxy-render.yaml': FILE });
    const r = runCli(['--config', 'proxy-render.yaml', '--app-slug', 'flag-app'], STREAM, { cwd });
    expect(r.stdout).toContain(imageLine('flag-app', '      '));
  });

  it('a flag wins over the positional config file (kustomize legacy plugin)', () => {
    const cwd = tempDir({ 'plugin.yaml': FILE });
    const r = runCli(['plugin.yaml', '--app-slug', 'flag-app'], STREAM, { cwd });
    expect(r.stdout).toContain(imageLine('flag-app', '      '));
  });

  it('a setting not given by a higher source comes from a lower one', () => {
    const cwd = tempDir({ 'proxy-render.yaml': 'appSlug: file-app\n' });
    const r = runCli(['--config', 'proxy-render.yaml', '--private', 'quay.io/my-org/*'], STREAM, { cwd });
    expect(r.stdout).toContain(imageLine('file-app', '      '));
  });

  it('a list from a higher source replaces the lower one whole', () => {
    const cwd = tempDir({ 'proxy-render.yaml': FILE });
    const r = runCli(['--config', 'proxy-render.yaml'], STREAM, { cwd, env: { PROXY_RENDER_PRIVATE: 'ghcr.io/other/*' } });
    expect(r.stdout).toBe(STREAM);
  });
});

describe('in a ResourceList', () => {
  it('the config file wins over functionConfig', () => {
    const cwd = tempDir({ 'proxy-render.yaml': FILE });
    const r = runCli(['--config', 'proxy-render.yaml'], RESOURCE_LIST, { cwd });
    expect(r.stdout).toContain(imageLine('file-app', '          '));
  });

  it('the environment wins over functionConfig', () => {
    const r = runCli([], RESOURCE_LIST, { env: { PROXY_RENDER_APP_SLUG: 'env-app' } });
    expect(r.stdout).toContain(imageLine('env-app', '          '));
  });

  it('a flag wins over functionConfig', () => {
    const r = runCli(['--app-slug', 'flag-app'], RESOURCE_LIST);
    expect(r.stdout).toContain(imageLine('flag-app', '          '));
  });

  it('functionConfig applies when nothing else sets the setting', () => {
    const r = runCli([], RESOURCE_LIST);
    expect(r.stdout).toContain(imageLine('function-config-app', '          '));
  });

  it('all four sources at once: the flag wins', () => {
    const cwd = tempDir({ 'proxy-render.yaml': FILE });
    const r = runCli(['--config', 'proxy-render.yaml', '--app-slug', 'flag-app'], RESOURCE_LIST, { cwd, env: { PROXY_RENDER_APP_SLUG: 'env-app' } });
    expect(r.stdout).toContain(imageLine('flag-app', '          '));
    expect(r.status).toBe(0);
  });
});
