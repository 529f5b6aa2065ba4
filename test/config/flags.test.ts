// parseCommandLine: flags derived from the settings schema, the --config flag and positional
// arguments (kustomize legacy exec plugins pass their config file as argv[1]).

import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/config/flags';
import { InputError } from '../../src/kyaml/errors';

const errorOf = (argv: string[]): string => {
  try {
    parseCommandLine(argv);
  } catch (e) {
    if (e instanceof InputError) return e.describe();
    throw e;
  }
  throw new Error('expected an error');
};

describe('parseCommandLine', () => {
  it('reads a string flag with its value as the next argument', () => {
    expect(parseCommandLine(['--app-slug', 'my-app']).settings).toEqual({ appSlug: 'my-app' });
  });

  it('reads a string flag in the --flag=value form', () => {
    expect(parseCommandLine(['--proxy-domain=images.vendor.com']).settings).toEqual({ proxyDomain: 'images.vendor.com' });
  });

  it('splits a list flag on commas and trims the items', () => {
    expect(parseCommandLine(['--private', 'quay.io/a/*, quay.io/b/*']).settings).toEqual({ private: ['quay.io/a/*', 'quay.io/b/*'] });
  });

  it('adds up a repeated list flag', () => {
    expect(parseCommandLine(['--private', 'quay.io/a/*', '--private=quay.io/b/*']).settings).toEqual({ private: ['quay.io/a/*', 'quay.io/b/*'] });
  });

  it('keeps the last value of a repeated string flag', () => {
    expect(parseCommandLine(['--app-slug', 'first', '--app-slug', 'second']).settings).toEqual({ appSlug: 'second' });
  });

  it('reads a bare boolean flag as true', () => {
    expect(parseCommandLine(['--dry-run']).settings).toEqual({ dryRun: true });
  });

  it('reads --flag=false for a boolean', () => {
    expect(parseCommandLine(['--dry-run=false']).settings).toEqual({ dryRun: false });
  });

  it('does not take the next argument as the value of a boolean flag', () => {
    expect(parseCommandLine(['--report', 'config.yaml'])).toMatchObject({ settings: { report: true }, positional: ['config.yaml'] });
  });

  it('returns --config apart from the settings', () => {
    expect(parseCommandLine(['--config', 'proxy-render.yaml'])).toMatchObject({ settings: {}, configFile: 'proxy-render.yaml' });
  });

  it('returns positional arguments as they are', () => {
    expect(parseCommandLine(['plugin-config.yaml', '--app-slug', 'my-app'])).toMatchObject({ settings: { appSlug: 'my-app' }, positional: ['plugin-config.yaml'] });
  });

  it('takes everything after -- as positional', () => {
    expect(parseCommandLine(['--', '--app-slug'])).toMatchObject({ settings: {}, positional: ['--app-slug'] });
  });

  it('recognises --help, -h and --version', () => {
    expect(parseCommandLine(['-h']).help).toBe(true);
    expect(parseCommandLine(['--help']).help).toBe(true);
    expect(parseCommandLine(['--version']).version).toBe(true);
  });

  it('names an unknown flag and suggests a close one', () => {
    expect(errorOf(['--app'])).toBe('unknown flag --app (did you mean --app-slug?); see --help');
  });

  it('names an unknown flag without a close one', () => {
    expect(errorOf(['--colour'])).toBe('unknown flag --colour; see --help');
  });

  it('has no flag for a setting only files hold', () => {
    expect(errorOf(['--image-fields', 'x'])).toMatch(/^unknown flag --image-fields\b/);
  });

  it('names a flag whose value is missing', () => {
    expect(errorOf(['--config'])).toBe('--config needs a value');
  });

  it('takes a duration a timer can wait for: more than nothing, at most 24 days', () => {
    expect(parseCommandLine(['--probe-timeout', '1m']).settings).toEqual({ probeTimeout: 60_000 });
    for (const d of ['0s', '0ms', '99999h']) expect(errorOf(['--probe-timeout', d])).toBe(`--probe-timeout: expected a duration from 1ms to 24 days (576h), got "${d}"`);
  });

  it('takes no flag for the value of the flag before it', () => {
    expect(errorOf(['--license-id', '--report'])).toBe('--license-id needs a value, not the flag --report (for a value that starts with --, write --license-id=VALUE)');
    expect(parseCommandLine(['--local-registry-password=--odd']).settings).toEqual({ localRegistryPassword: '--odd' });
  });

  it('names the flag of an invalid value', () => {
    expect(errorOf(['--local-registry-host', 'reg local'])).toBe("--local-registry-host: 'reg local' is not a registry host (host or host:port)");
  });

  it('names the flag of an invalid pattern in a list', () => {
    expect(errorOf(['--public', 'docker.io/library/*,quay.io/['])).toMatch(/^--public: .*'quay\.io\/\['/);
  });
});
