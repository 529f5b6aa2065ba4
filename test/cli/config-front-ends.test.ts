// Every front end of the one settings schema, each driving a real stream through the binary:
// flags, PROXY_RENDER_* environment variables, a config file (--config or argv[1]) and the
// ResourceList functionConfig (kind ProxyRender, or a ConfigMap whose data holds strings).

import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli';

const deployment = (image: string): string => `apiVersion: apps/v1
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

const INPUT = deployment('quay.io/my-org/api:1.2.3');

describe('flags', () => {
  it('--app-slug and --private rewrite a matching image to the proxy', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], INPUT);
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
    expect(r.status).toBe(0);
  });

  it('accept the --flag=value form', () => {
    const r = runCli(['--app-slug=my-app', '--private=quay.io/my-org/*'], INPUT);
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('take a comma-separated list', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'ghcr.io/other/*,quay.io/my-org/*'], INPUT);
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('add to a list when repeated', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'ghcr.io/other/*', '--private', 'quay.io/my-org/*'], INPUT);
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('--public wins over --private', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'all', '--public', 'quay.io/my-org/api'], INPUT);
    expect(r.stdout).toBe(INPUT);
  });

  it('--proxy-domain sets the proxy host', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'all', '--proxy-domain', 'images.vendor.com'], INPUT);
    expect(r.stdout).toBe(deployment('images.vendor.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('--local-registry-host moves the image to the local registry, last path component only', () => {
    const r = runCli(['--local-registry-host', 'reg.local:5000', '--local-registry-namespace', 'apps'], INPUT);
    expect(r.stdout).toBe(deployment('reg.local:5000/apps/api:1.2.3'));
  });

  it('a bare boolean flag means true', () => {
    const r = runCli(['--local-registry-host', 'reg.local:5000', '--local-registry-keep-path'], INPUT);
    expect(r.stdout).toBe(deployment('reg.local:5000/my-org/api:1.2.3'));
  });

  it('a boolean flag takes =false', () => {
    const r = runCli(['--local-registry-host', 'reg.local:5000', '--local-registry-keep-path=false'], INPUT);
    expect(r.stdout).toBe(deployment('reg.local:5000/api:1.2.3'));
  });
});

describe('PROXY_RENDER_* environment variables', () => {
  it('PROXY_RENDER_APP_SLUG and PROXY_RENDER_PRIVATE rewrite a matching image', () => {
    const r = runCli([], INPUT, { env: { PROXY_RENDER_APP_SLUG: 'my-app', PROXY_RENDER_PRIVATE: 'quay.io/my-org/*' } });
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
    expect(r.status).toBe(0);
  });

  it('a list variable is comma-separated', () => {
    const r = runCli([], INPUT, { env: { PROXY_RENDER_APP_SLUG: 'my-app', PROXY_RENDER_PRIVATE: 'ghcr.io/other/*, quay.io/my-org/*' } });
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('PROXY_RENDER_PROXY_DOMAIN sets the proxy host', () => {
    const env = { PROXY_RENDER_APP_SLUG: 'my-app', PROXY_RENDER_PRIVATE: 'all', PROXY_RENDER_PROXY_DOMAIN: 'images.vendor.com' };
    const r = runCli([], INPUT, { env });
    expect(r.stdout).toBe(deployment('images.vendor.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('a boolean variable takes true', () => {
    const env = { PROXY_RENDER_LOCAL_REGISTRY_HOST: 'reg.local:5000', PROXY_RENDER_LOCAL_REGISTRY_KEEP_PATH: 'true' };
    const r = runCli([], INPUT, { env });
    expect(r.stdout).toBe(deployment('reg.local:5000/my-org/api:1.2.3'));
  });
});

describe('config file', () => {
  const PROXY_RENDER_CONFIG = `apiVersion: proxy-render.dev/v1alpha1
kind: ProxyRender
metadata:
  name: proxy
appSlug: my-app
private:
  - quay.io/my-org/*
`;

  it('--config FILE reads a ProxyRender resource', () => {
    const cwd = tempDir({ 'proxy-render.yaml': PROXY_RENDER_CONFIG });
    const r = runCli(['--config', 'proxy-render.yaml'], INPUT, { cwd });
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
    expect(r.status).toBe(0);
  });

  it('--config=FILE works too', () => {
    const cwd = tempDir({ 'proxy-render.yaml': PROXY_RENDER_CONFIG });
    const r = runCli(['--config=proxy-render.yaml'], INPUT, { cwd });
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('argv[1] is the config file, as kustomize legacy exec plugins pass it', () => {
    const cwd = tempDir({ 'plugin-config.yaml': PROXY_RENDER_CONFIG });
    const r = runCli(['plugin-config.yaml'], INPUT, { cwd });
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('a bare mapping of settings is accepted', () => {
    const cwd = tempDir({ 'proxy-render.yaml': 'appSlug: my-app\nprivate: [quay.io/my-org/*]\n' });
    const r = runCli(['--config', 'proxy-render.yaml'], INPUT, { cwd });
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('a ConfigMap with string data is accepted', () => {
    const config = `apiVersion: v1
kind: ConfigMap
metadata:
  name: proxy
data:
  appSlug: my-app
  private: ghcr.io/other/*,quay.io/my-org/*
`;
    const cwd = tempDir({ 'proxy-render.yaml': config });
    const r = runCli(['--config', 'proxy-render.yaml'], INPUT, { cwd });
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3'));
  });

  it('a boolean is a YAML true', () => {
    const cwd = tempDir({ 'proxy-render.yaml': 'localRegistryHost: reg.local:5000\nlocalRegistryKeepPath: true\n' });
    const r = runCli(['--config', 'proxy-render.yaml'], INPUT, { cwd });
    expect(r.stdout).toBe(deployment('reg.local:5000/my-org/api:1.2.3'));
  });

  it('images entries (kustomize style) apply before the proxy rules', () => {
    const config = `apiVersion: proxy-render.dev/v1alpha1
kind: ProxyRender
appSlug: my-app
private: [quay.io/my-org/*]
images:
  - name: quay.io/my-org/api
    newTag: "2.0.0"
`;
    const cwd = tempDir({ 'proxy-render.yaml': config });
    const r = runCli(['--config', 'proxy-render.yaml'], INPUT, { cwd });
    expect(r.stdout).toBe(deployment('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:2.0.0'));
  });

  it('imageFields adds a field that holds an image in a custom resource', () => {
    const config = `apiVersion: proxy-render.dev/v1alpha1
kind: ProxyRender
appSlug: my-app
private: [quay.io/my-org/*]
imageFields:
  - kind: Widget
    path: spec/image
`;
    const widget = (image: string): string => `apiVersion: widgets.example.com/v1
kind: Widget
metadata:
  name: w
spec:
  image: ${image}
`;
    const cwd = tempDir({ 'proxy-render.yaml': config });
    const r = runCli(['--config', 'proxy-render.yaml'], widget('quay.io/my-org/widget:1'), { cwd });
    expect(r.stdout).toBe(widget('proxy.replicated.com/proxy/my-app/quay.io/my-org/widget:1'));
  });

  it('an empty config file changes nothing', () => {
    const cwd = tempDir({ 'proxy-render.yaml': '' });
    const r = runCli(['--config', 'proxy-render.yaml'], INPUT, { cwd });
    expect(r.stdout).toBe(INPUT);
    expect(r.status).toBe(0);
  });
});

describe('ResourceList functionConfig', () => {
  const resourceList = (image: string, functionConfig: string): string => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      containers:
        - name: api
          image: ${image}
functionConfig:
${functionConfig}`;

  /** The items part of the output, up to functionConfig (the results follow it). */
  const itemsOf = (out: string): string => out.slice(0, out.indexOf('functionConfig:'));

  it('kind ProxyRender holds settings as top-level fields', () => {
    const config = `  apiVersion: proxy-render.dev/v1alpha1
  kind: ProxyRender
  metadata:
    name: proxy
  appSlug: my-app
  private:
    - quay.io/my-org/*
`;
    const r = runCli([], resourceList('quay.io/my-org/api:1.2.3', config));
    expect(itemsOf(r.stdout)).toBe(itemsOf(resourceList('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3', config)));
    expect(r.status).toBe(0);
  });

  it('a ConfigMap holds strings in data, lists comma-separated', () => {
    const config = `  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: proxy
  data:
    appSlug: my-app
    private: ghcr.io/other/*,quay.io/my-org/*
`;
    const r = runCli([], resourceList('quay.io/my-org/api:1.2.3', config));
    expect(itemsOf(r.stdout)).toBe(itemsOf(resourceList('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3', config)));
    expect(r.status).toBe(0);
  });

  it('a ConfigMap holds booleans as the strings "true" and "false"', () => {
    const config = `  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: proxy
  data:
    localRegistryHost: reg.local:5000
    localRegistryKeepPath: "true"
`;
    const r = runCli([], resourceList('quay.io/my-org/api:1.2.3', config));
    expect(itemsOf(r.stdout)).toBe(itemsOf(resourceList('reg.local:5000/my-org/api:1.2.3', config)));
  });

  it('a ConfigMap holds images as a JSON string', () => {
    const config = `  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: proxy
  data:
    images: '[{"name": "quay.io/my-org/api", "newName": "quay.io/my-org/api-v2", "newTag": "2.0.0"}]'
`;
    const r = runCli([], resourceList('quay.io/my-org/api:1.2.3', config));
    expect(itemsOf(r.stdout)).toBe(itemsOf(resourceList('quay.io/my-org/api-v2:2.0.0', config)));
  });

  it('a ConfigMap holds imageFields as a JSON string', () => {
    const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - apiVersion: widgets.example.com/v1
    kind: Widget
    metadata:
      name: w
    spec:
      image: quay.io/my-org/widget:1
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: proxy
  data:
    appSlug: my-app
    private: quay.io/my-org/*
    imageFields: '[{"kind": "Widget", "path": "spec/image"}]'
`;
    const r = runCli([], input);
    expect(r.stdout).toContain('      image: proxy.replicated.com/proxy/my-app/quay.io/my-org/widget:1\n');
    expect(r.status).toBe(0);
  });
});
