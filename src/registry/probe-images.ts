import { probeKey } from './probe-key';
import { defaultCacheDir } from '../config/cache-dir';
import { type CachedVerdict, readVerdicts, writeVerdicts } from './verdict-cache';
import type { ProbeOptions, ProbeResult, ProbeTarget } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export function defaultProbeOptions(env: Record<string, string | undefined>): ProbeOptions {
  return {
    concurrency: 16,
    timeoutMs: 5000,
    deadlineMs: 30_000,
    insecureHosts: [],
    cache: { dir: defaultCacheDir(env), ttlMs: DAY_MS },
    offline: false,
    env,
  };
}

/**
 * Decides for each distinct image whether an anonymous client can pull it. Answers come from
 * the cache when fresh, otherwise from the registries; the map holds every target's key.
 */
export async function probeImages(targets: ProbeTarget[], options: ProbeOptions): Promise<Map<string, ProbeResult>> {
  const unique = new Map(targets.map((t) => [probeKey(t), t]));
  const results = new Map<string, ProbeResult>();
  const progress = () => options.onProgress?.(results.size, unique.size);
  const startedAt = Date.now();
  const cached = options.cache ? readVerdicts(options.cache.dir, options.cache.ttlMs, startedAt) : new Map();

  const toProbe: Array<[string, ProbeTarget]> = [];
  for (const [key, target] of unique) {
    const hit = cached.get(key);
    if (hit) results.set(key, { verdict: hit.verdict, why: hit.why, ms: 0, cached: true });
    else if (options.offline) results.set(key, { verdict: 'unknown', why: 'offline, not in cache', ms: 0, cached: false });
    else toProbe.push([key, target]);
  }
  if (results.size > 0) progress();

  if (toProbe.length > 0) {
    // Loaded here so that a run the cache answers does not load undici, TLS or the HTTP code.
    const { probeLive } = await import('./probe-live');
    const probed = await probeLive(toProbe, options, (key, result) => {
      results.set(key, result);
      progress();
    });
    for (const [key, result] of probed) results.set(key, result);
    if (options.cache) writeVerdicts(options.cache.dir, options.cache.ttlMs, decided(probed), Date.now());
  }
  return new Map([...unique.keys()].map((key) => [key, results.get(key)!]));
}

function decided(results: Map<string, ProbeResult>): Map<string, CachedVerdict> {
  const at = Date.now();
  const kept = new Map<string, CachedVerdict>();
  for (const [key, { verdict, why }] of results) {
    if (verdict !== 'unknown') kept.set(key, { verdict, why, at });
  }
  return kept;
}
