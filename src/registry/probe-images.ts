import { Deadline } from './deadline';
import { createDispatcher } from './dispatcher';
import { forEachBounded } from './for-each-bounded';
import { HttpExchange } from './http-exchange';
import { probeKey } from './probe-key';
import { PlainHttpPolicy } from './registry-origin';
import { RegistrySession } from './registry-session';
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
  const cached = options.cache ? await readVerdicts(options.cache.dir, options.cache.ttlMs, startedAt) : new Map();

  const toProbe: Array<[string, ProbeTarget]> = [];
  for (const [key, target] of unique) {
    const hit = cached.get(key);
    if (hit) results.set(key, { verdict: hit.verdict, why: hit.why, ms: 0, cached: true });
    else if (options.offline) results.set(key, { verdict: 'unknown', why: 'offline, not in cache', ms: 0, cached: false });
    else toProbe.push([key, target]);
  }
  if (results.size > 0) progress();

  if (toProbe.length > 0) {
    const probed = await probeLive(toProbe, options, (key, result) => {
      results.set(key, result);
      progress();
    });
    for (const [key, result] of probed) results.set(key, result);
    if (options.cache) await writeVerdicts(options.cache.dir, options.cache.ttlMs, decided(probed), Date.now());
  }
  return new Map([...unique.keys()].map((key) => [key, results.get(key)!]));
}

/** Probes over the network until all are done or the deadline passes; late ones are 'unknown'. */
async function probeLive(
  targets: Array<[string, ProbeTarget]>,
  options: ProbeOptions,
  onResult: (key: string, result: ProbeResult) => void,
): Promise<Map<string, ProbeResult>> {
  // Loaded here so that runs which never probe do not pay for loading undici.
  const undici = await import('undici');
  const dispatcher = createDispatcher(undici, options);
  const deadline = new Deadline(options.deadlineMs);
  const plainHttp = new PlainHttpPolicy(options.insecureHosts);
  const session = new RegistrySession(
    new HttpExchange(dispatcher, plainHttp, options.timeoutMs, deadline),
    plainHttp,
    deadline,
  );
  const done = new Map<string, ProbeResult>();
  try {
    const all = forEachBounded(targets, options.concurrency, async ([key, target]) => {
      if (deadline.passed) return;
      const startedAt = Date.now();
      const { verdict, why } = await session.probe(target);
      if (deadline.passed) return;
      const result = { verdict, why, ms: Date.now() - startedAt, cached: false };
      done.set(key, result);
      onResult(key, result);
    });
    await Promise.race([all, deadline.reached]);
  } finally {
    deadline.clear();
    await dispatcher.destroy();
  }
  const late = { verdict: 'unknown' as const, why: deadline.failure.why, ms: options.deadlineMs, cached: false };
  return new Map(targets.map(([key]) => [key, done.get(key) ?? late]));
}

function decided(results: Map<string, ProbeResult>): Map<string, CachedVerdict> {
  const at = Date.now();
  const kept = new Map<string, CachedVerdict>();
  for (const [key, { verdict, why }] of results) {
    if (verdict !== 'unknown') kept.set(key, { verdict, why, at });
  }
  return kept;
}
