// Where proxy-render keeps what only saves time: registry verdicts (--detect) and V8's code
// cache for its own program (src/launcher.ts). Deleting it at any time is safe.

import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** `$XDG_CACHE_HOME/proxy-render`, else `~/.cache/proxy-render` (XDG ignores relative paths). */
export function defaultCacheDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'proxy-render');
}
