import { setTimeout as sleep } from 'node:timers/promises';
import { ProbeFailure } from './classify';

/** The overall time limit of one probe run: aborts requests in flight and waits between retries. */
export class Deadline {
  readonly failure: ProbeFailure;
  /** Resolves when the deadline passes. */
  readonly reached: Promise<void>;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    this.failure = new ProbeFailure('unknown', `deadline of ${ms} ms reached`);
    this.reached = new Promise((resolve) => this.controller.signal.addEventListener('abort', () => resolve()));
    this.timer = setTimeout(() => this.controller.abort(this.failure), ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get passed(): boolean {
    return this.controller.signal.aborted;
  }

  async sleep(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.signal }).catch(() => {
      throw this.failure;
    });
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
