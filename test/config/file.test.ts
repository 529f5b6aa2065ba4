// settingsFromFile: a ProxyRender resource, a ConfigMap with string data, or a bare mapping.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { settingsFromFile } from '../../src/config/file';
import { InputError } from '../../src/kyaml/errors';
import { tempDir } from '../helpers/run-cli';

const file = (text: string): string => join(tempDir({ 'proxy-render.yaml': text }), 'proxy-render.yaml');

const errorOf = async (path: string): Promise<string> => {
  try {
    await settingsFromFile(path);
  } catch (e) {
    if (e instanceof InputError) return e.describe().replace(path, 'FILE');
    throw e;
  }
  throw new Error('expected an error');
};

describe('settingsFromFile', () => {
  it('reads a ProxyRender resource, ignoring apiVersion, kind and metadata', async () => {
    const path = file(`apiVersion: proxy-render.dev/v1alpha1
kind: ProxyRender
metadata:
  name: proxy
appSlug: my-app
private:
  - quay.io/my-org/*
dryRun: true
images:
  - name: nginx
    newTag: "1.26"
imageFields:
  - kind: Widget
    path: spec/image
`);
    expect(await settingsFromFile(path)).toEqual({
      appSlug: 'my-app',
      private: ['quay.io/my-org/*'],
      dryRun: true,
      images: [{ name: 'nginx', newTag: '1.26' }],
      imageFields: [{ kind: 'Widget', path: 'spec/image' }],
    });
  });

  it('reads a file that starts with a byte order mark, as Windows editors write it', async () => {
    expect(await settingsFromFile(file('\uFEFFappSlug: my-app\n'))).toEqual({ appSlug: 'my-app' });
  });

  it('reads a bare mapping of settings', async () => {
    expect(await settingsFromFile(file('appSlug: my-app\npublic: [docker.io]\n'))).toEqual({ appSlug: 'my-app', public: ['docker.io'] });
  });

  it('reads a ConfigMap: strings, comma-separated lists, JSON for structured lists', async () => {
    const path = file(`apiVersion: v1
kind: ConfigMap
metadata:
  name: proxy
data:
  appSlug: my-app
  private: quay.io/a/*,quay.io/b/*
  localRegistryKeepPath: "false"
  images: '[{"name": "nginx", "digest": "sha256:${'a'.repeat(64)}"}]'
  imageFields: '[{"group": "widgets.example.com", "path": "spec/image"}]'
`);
    expect(await settingsFromFile(path)).toEqual({
      appSlug: 'my-app',
      private: ['quay.io/a/*', 'quay.io/b/*'],
      localRegistryKeepPath: false,
      images: [{ name: 'nginx', digest: `sha256:${'a'.repeat(64)}` }],
      imageFields: [{ group: 'widgets.example.com', path: 'spec/image' }],
    });
  });

  it('reads an empty file as no settings', async () => {
    expect(await settingsFromFile(file(''))).toEqual({});
  });

  it('names an unknown key with its line and column', async () => {
    expect(await errorOf(file('appSlug: my-app\nprivateImages: [all]\n'))).toMatch(/^config file FILE, line 2, column 1, privateImages: unknown setting 'privateImages'/);
  });

  it('names a missing required field of an images entry', async () => {
    expect(await errorOf(file('images:\n  - newName: quay.io/x/nginx\n'))).toBe("config file FILE, line 2, column 5, images[0]: 'name' is required");
  });

  it('points at the entry whose field is not a string, not at the first entry', async () => {
    expect(await errorOf(file('images:\n  - name: nginx\n  - name: redis\n    newTag: [7]\n'))).toMatch(
      /^config file FILE, line [34], column \d+, images\[1\]: newTag: expected a string$/,
    );
  });

  it.each([
    ['a word that is no host', 'bad host', "'bad host' is not a registry host (host or host:port)"],
    ['an empty host', '""', "'' is not a registry host (host or host:port)"],
    ['a URL', 'https://ghcr.io/v2/', "'https://ghcr.io/v2/' is not a registry host (host or host:port)"],
  ])('refuses a registryCredentials host that is %s: it would become a key of auths no pull matches', async (_name, host, problem) => {
    const text = `registryCredentials:\n  - host: ghcr.io\n    username: u\n    password: p\n  - host: ${host}\n    username: u\n    password: p\n`;
    expect(await errorOf(file(text))).toBe(`config file FILE, line 5, column 5, registryCredentials[1]: ${problem}`);
  });

  it.each([
    ['a user name with a colon', 'username: a:b\n    password: p', 'username: a registry user name cannot hold a colon'],
    ['an empty password', 'username: u\n    password: ""', 'password is empty'],
  ])('refuses a registryCredentials entry with %s: basic auth could not carry it', async (_name, fields, problem) => {
    expect(await errorOf(file(`registryCredentials:\n  - host: ghcr.io\n    ${fields}\n`))).toBe(`config file FILE, line 2, column 5, registryCredentials[0]: ${problem}`);
  });

  it('refuses a registryCredentials entry with both password and passwordFile', async () => {
    const text = 'registryCredentials:\n  - host: ghcr.io\n    username: u\n    password: p\n    passwordFile: pw.txt\n';
    expect(await errorOf(file(text))).toBe('config file FILE, line 2, column 5, registryCredentials[0]: password and passwordFile both set: set one');
  });

  it('names a list key given a mapping', async () => {
    expect(await errorOf(file('private:\n  quay.io: all\n'))).toMatch(/^config file FILE, line 2, column 3, private: /);
  });

  it('refuses a second document', async () => {
    expect(await errorOf(file('appSlug: a\n---\nappSlug: b\n'))).toMatch(/^config file FILE, line 2, column 1: .*\bone document\b/);
  });
});
