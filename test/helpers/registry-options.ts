import type { ProbeOptions, ProbeTarget } from '../../src/registry';

/** Probe options for tests: no cache, no proxy from the test runner's environment. */
export function testProbeOptions(overrides: Partial<ProbeOptions> = {}): ProbeOptions {
  return {
    concurrency: 4,
    timeoutMs: 2000,
    deadlineMs: 20_000,
    insecureHosts: [],
    cache: false,
    offline: false,
    env: {},
    ...overrides,
  };
}

export function target(domain: string, repository: string, reference = 'latest'): ProbeTarget {
  return { domain, repository, reference };
}
