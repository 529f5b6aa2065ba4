// Which images are private: the user's patterns first (public wins), then, with --detect, the
// registries' own answer to an anonymous pull; what no one decides stays where it is.

import { defaultCacheDir } from '../config/cache-dir';
import type { Settings } from '../config/schema';
import { compileSelection, type Classification } from '../image/patterns';
import { normalizedPath, registryHost, type ImageReference } from '../image/reference';
import type { RewriteRules } from '../image/rewrite';
import { InputError } from '../kyaml/errors';
import type { ProbeResult, ProbeTarget } from '../registry';
import type { ImagePolicy } from './images';

export interface ProbeDecision {
  image: string;
  verdict: 'private' | 'public';
  why: string;
  ms: number;
}

export interface PolicyHooks {
  env: Record<string, string | undefined>;
  onProbeProgress?: (done: number, total: number) => void;
  /** Called with every probe answer, for the report. */
  onProbed?: (decisions: ProbeDecision[]) => void;
}

export function rewriteRules(s: Settings): RewriteRules {
  return {
    appSlug: s.appSlug,
    proxyDomain: s.proxyDomain,
    knownProxyDomains: s.knownProxyDomains,
    registryDomain: s.registryDomain,
    overrides: s.images,
    ...(s.localRegistryHost ? { localRegistry: { host: s.localRegistryHost, namespace: s.localRegistryNamespace, keepPath: s.localRegistryKeepPath } } : {}),
  };
}

export function imagePolicy(s: Settings, hooks: PolicyHooks): ImagePolicy {
  const notListed: Classification = { verdict: 'public', why: 'not matched by --private' };
  return {
    rules: rewriteRules(s),
    select: compileSelection({ private: s.private, public: s.public }),
    decideRest: s.detect && !s.localRegistryHost ? probeOnce(s, hooks) : async () => () => notListed,
  };
}

/**
 * Probing, remembered for the run: HelmChart values and the manifests ask about the same
 * images, and must get the same answer from one probe.
 */
function probeOnce(s: Settings, hooks: PolicyHooks): ImagePolicy['decideRest'] {
  const known = new Map<string, Classification>();
  const key = (ref: ImageReference) => JSON.stringify(target(ref));
  return async (refs) => {
    const fresh = [...new Map(refs.filter((ref) => !known.has(key(ref))).map((ref) => [key(ref), ref])).values()];
    const verdictOf = await probe(fresh, s, hooks);
    for (const ref of fresh) known.set(key(ref), verdictOf(ref));
    return (ref) => known.get(key(ref))!;
  };
}

function target(ref: ImageReference): ProbeTarget {
  return { domain: registryHost(ref), repository: normalizedPath(ref), reference: ref.digest ?? ref.tag ?? 'latest' };
}

async function probe(refs: ImageReference[], s: Settings, hooks: PolicyHooks): Promise<(ref: ImageReference) => Classification> {
  if (refs.length === 0) return () => ({ verdict: 'public', why: 'no probe needed' });
  const { probeImages, probeKey } = await import('../registry');
  const answers = await probeImages(refs.map(target), {
    concurrency: s.probeConcurrency,
    timeoutMs: s.probeTimeout,
    deadlineMs: s.probeDeadline,
    insecureHosts: s.insecureRegistries,
    ...(s.caFile ? { caFile: s.caFile } : {}),
    cache: s.cache ? { dir: s.cacheDir || defaultCacheDir(hooks.env), ttlMs: s.cacheTtl } : false,
    offline: s.offline,
    env: hooks.env,
    ...(hooks.onProbeProgress ? { onProgress: hooks.onProbeProgress } : {}),
  });
  const verdictOf = (ref: ImageReference): Classification => classify(answers.get(probeKey(target(ref)))!, s.onUnknown);

  const unknown = refs.filter((ref) => answers.get(probeKey(target(ref)))!.verdict === 'unknown');
  if (s.onUnknown === 'fail' && unknown.length > 0) {
    const list = unknown.map((ref) => `${probeKey(target(ref))} (${answers.get(probeKey(target(ref)))!.why})`).join(', ');
    throw new InputError(`could not tell whether ${unknown.length === 1 ? 'this image is' : 'these images are'} private, and --on-unknown is fail: ${list}`);
  }
  hooks.onProbed?.(
    refs.map((ref) => {
      const answer = answers.get(probeKey(target(ref)))!;
      const { verdict, why } = verdictOf(ref);
      return { image: probeKey(target(ref)), verdict, why, ms: answer.ms };
    }),
  );
  return verdictOf;
}

function classify(answer: ProbeResult, onUnknown: Settings['onUnknown']): Classification {
  const cached = answer.cached ? ', cached' : '';
  if (answer.verdict === 'unknown') {
    const verdict = onUnknown === 'public' ? 'public' : 'private';
    return { verdict, why: `probe could not tell (${answer.why}); --on-unknown ${verdict}` };
  }
  return { verdict: answer.verdict, why: `probe: ${answer.why}${cached}` };
}
