// settingsFromEnv: PROXY_RENDER_<SETTING> for every setting that has a flag.

import { describe, expect, it } from 'vitest';
import { settingsFromEnv } from '../../src/config/env';
import { InputError } from '../../src/kyaml/errors';

const errorOf = (env: Record<string, string>): string => {
  try {
    settingsFromEnv(env);
  } catch (e) {
    if (e instanceof InputError) return e.describe();
    throw e;
  }
  throw new Error('expected an error');
};

describe('settingsFromEnv', () => {
  it('reads string, list and boolean variables', () => {
    const env = { PROXY_RENDER_APP_SLUG: 'my-app', PROXY_RENDER_PRIVATE: 'quay.io/a/*,quay.io/b/*', PROXY_RENDER_LOCAL_REGISTRY_KEEP_PATH: 'true' };
    expect(settingsFromEnv(env)).toEqual({ appSlug: 'my-app', private: ['quay.io/a/*', 'quay.io/b/*'], localRegistryKeepPath: true });
  });

  it('names multi-word settings with underscores', () => {
    expect(settingsFromEnv({ PROXY_RENDER_KNOWN_PROXY_DOMAINS: 'a.example.com', PROXY_RENDER_REPORT_JSON: 'r.json' })).toEqual({
      knownProxyDomains: ['a.example.com'],
      reportJson: 'r.json',
    });
  });

  it('ignores variables without the prefix', () => {
    expect(settingsFromEnv({ HOME: '/root', APP_SLUG: 'x', PROXY_RENDERX: 'y' })).toEqual({});
  });

  it('names an unknown PROXY_RENDER_ variable', () => {
    expect(errorOf({ PROXY_RENDER_PRIVATES: 'all' })).toMatch(/^unknown environment variable PROXY_RENDER_PRIVATES\b/);
  });

  it('has no variable for a setting only files hold', () => {
    expect(errorOf({ PROXY_RENDER_IMAGE_FIELDS: '[]' })).toMatch(/^unknown environment variable PROXY_RENDER_IMAGE_FIELDS\b/);
  });

  it('names the variable of a non-boolean value', () => {
    expect(errorOf({ PROXY_RENDER_REPORT: '1' })).toBe('PROXY_RENDER_REPORT: expected true or false, got "1"');
  });

  it('names the variable of a bad host', () => {
    expect(errorOf({ PROXY_RENDER_REGISTRY_DOMAIN: 'registry.vendor.com/path' })).toBe(
      "PROXY_RENDER_REGISTRY_DOMAIN: 'registry.vendor.com/path' is not a registry host (host or host:port)",
    );
  });
});
