import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A verdict worth remembering; 'unknown' never is, so it is retried on the next run. */
export interface CachedVerdict {
  verdict: 'public' | 'private';
  why: string;
  /** When it was decided, ms since the epoch. */
  at: number;
}

interface CacheFile {
  version: 1;
  entries: Record<string, CachedVerdict>;
}

const FILE_NAME = 'image-visibility.json';

/** The entries younger than `ttlMs`; a missing or damaged file is an empty cache. */
export function readVerdicts(dir: string, ttlMs: number, now: number): Map<string, CachedVerdict> {
  const entries = readEntries(dir);
  return new Map(Object.entries(entries).filter(([, entry]) => isFresh(entry, ttlMs, now)));
}

/**
 * Merges `fresh` into the file, dropping expired entries. The file is replaced by rename so a
 * concurrent reader never sees half of it; it is readable by its owner only (0600, dir 0700).
 * Failing to write is ignored: the cache only saves time, it must never fail an install.
 */
export function writeVerdicts(dir: string, ttlMs: number, fresh: Map<string, CachedVerdict>, now: number): void {
  if (fresh.size === 0) return;
  const entries = { ...readEntries(dir), ...Object.fromEntries(fresh) };
  const kept = Object.fromEntries(Object.entries(entries).filter(([, entry]) => isFresh(entry, ttlMs, now)));
  const file: CacheFile = { version: 1, entries: kept };
  const target = join(dir, FILE_NAME);
  // One write per process, and 'wx' refuses a leftover: the pid is name enough.
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, JSON.stringify(file), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, target);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // left behind; 'wx' keeps it from being taken for a finished file
    }
  }
}

function readEntries(dir: string): Record<string, CachedVerdict> {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, FILE_NAME), 'utf8')) as Partial<CacheFile>;
    if (parsed?.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) return {};
    return Object.fromEntries(Object.entries(parsed.entries).filter(([, entry]) => isCachedVerdict(entry)));
  } catch {
    return {};
  }
}

function isCachedVerdict(entry: unknown): entry is CachedVerdict {
  const e = entry as Partial<CachedVerdict> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    (e.verdict === 'public' || e.verdict === 'private') &&
    typeof e.why === 'string' &&
    typeof e.at === 'number'
  );
}

// An entry from the future (clock moved back) is not trusted either.
function isFresh(entry: CachedVerdict, ttlMs: number, now: number): boolean {
  return entry.at <= now && now - entry.at < ttlMs;
}
