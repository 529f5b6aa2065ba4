// Turning raw values from any front end into typed settings, with one error style:
// `<where>: <key>: <problem>`.

import type { PlainValue } from '../kyaml/plain';
import type { SettingSpec, Settings } from './schema';

export type Raw = string | PlainValue;

const MAX_TIMER_MS = 2 ** 31 - 1;

export class SettingError extends Error {
  constructor(
    readonly key: string,
    problem: string,
    /** The list item the problem is in, counted from 0. */
    readonly item?: number,
  ) {
    super(problem);
  }
}

export function parseSetting(spec: SettingSpec, raw: Raw): Settings[keyof Settings] {
  const fail = (problem: string): never => {
    throw new SettingError(spec.key, problem);
  };
  switch (spec.type) {
    case 'string': {
      if (typeof raw !== 'string') return fail('expected a string');
      const problem = spec.check?.(raw);
      return problem ? fail(problem) : raw;
    }
    case 'boolean': {
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      return fail(`expected true or false, got ${JSON.stringify(raw)}`);
    }
    case 'choice': {
      if (typeof raw === 'string' && spec.choices.includes(raw)) return raw as Settings['onUnknown'];
      return fail(`expected one of ${spec.choices.join(', ')}, got ${JSON.stringify(raw)}`);
    }
    case 'integer': {
      const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!(n >= spec.min && n <= spec.max)) return fail(`expected a whole number from ${spec.min} to ${spec.max}, got ${JSON.stringify(raw)}`);
      return n;
    }
    case 'duration': {
      const m = typeof raw === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(raw) : null;
      if (!m) return fail(`expected a duration such as 500ms, 5s, 10m or 24h, got ${JSON.stringify(raw)}`);
      const ms = Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']);
      // A timer cannot wait longer than 2^31-1 ms (24 days), and a zero timeout fails every probe.
      if (!(ms >= 1 && ms <= MAX_TIMER_MS)) return fail(`expected a duration from 1ms to 24 days (576h), got ${JSON.stringify(raw)}`);
      return ms;
    }
    case 'list': {
      const items = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : fail('expected a list or a comma-separated string');
      const list = items.map((item) => (typeof item === 'string' ? item.trim() : fail('expected a list of strings'))).filter((s) => s !== '');
      for (const item of list) {
        const problem = spec.check?.(item);
        if (problem) fail(problem);
      }
      return list;
    }
    case 'objects': {
      if (!Array.isArray(raw)) return fail('expected a list of mappings');
      return raw.map((item, i) => {
        const failItem = (problem: string): never => {
          throw new SettingError(spec.key, problem, i);
        };
        if (item === null || typeof item !== 'object' || Array.isArray(item)) return failItem('expected a mapping');
        for (const [field, value] of Object.entries(item)) {
          if (!(field in spec.fields)) failItem(`unknown field '${field}' (known: ${Object.keys(spec.fields).join(', ')})`);
          if (typeof value !== 'string') failItem(`${field}: expected a string`);
        }
        for (const [field, need] of Object.entries(spec.fields)) {
          if (need === 'required' && !(field in item)) failItem(`'${field}' is required`);
        }
        const problem = spec.check?.(item as Record<string, string>);
        return problem ? failItem(problem) : (item as Record<string, string>);
      }) as unknown as Settings['images'];
    }
  }
}
