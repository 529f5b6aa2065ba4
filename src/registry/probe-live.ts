import { Deadline } from './deadline';
import { createDispatcher } from './dispatcher';
import { forEachBounded } from './for-each-bounded';
import { HttpExchange } from './http-exchange';
import { PlainHttpPolicy } from './registry-origin';
import { RegistrySession } from './registry-session';
import type { ProbeOptions, ProbeResult, ProbeTarget } from './types';

/** Probes over the network until all are done or the deadline passes; late ones are 'unknown'. */
export async function probeLive(
  targets: Array<[string, ProbeTarget]>,
  options: ProbeOptions,
  onResult: (key: string, result: ProbeResult) => void,
): Promise<Map<string, ProbeResult>> {
  const dispatcher = createDispatcher(options);
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
