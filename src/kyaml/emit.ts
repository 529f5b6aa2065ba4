// Serialise the small, new structures this tool adds (results, generated resources) as block
// YAML or JSON. Existing bytes are never re-serialised; this only writes what is new.

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain | undefined };

// A colon is safe inside (`quay.io/app:1`), never before a blank or at the end, where it makes a key.
const SAFE_PLAIN = /^[A-Za-z_/.][\w./@+=[\]-]*(?::[\w./@+=[\]-]+)*(?: [\w./@+()'-]+)*$/;
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN)$/;

/** A string as a YAML scalar: plain when that reads back as the same string, else double-quoted. */
function yamlString(value: string): string {
  return SAFE_PLAIN.test(value) && !NOT_A_STRING.test(value) && !/^[-+.]?\d/.test(value) ? value : JSON.stringify(value);
}

/** Block YAML for a value, each line prefixed by `indent` spaces; ends with a newline. */
export function toBlockYaml(value: Plain, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (isNonEmptyList(value)) {
    return value
      .map((item) => {
        if (isNonEmptyMap(item)) return `${pad}- ${toBlockYaml(item, indent + 2).slice(indent + 2)}`;
        if (isNonEmptyList(item)) return `${pad}-\n${toBlockYaml(item, indent + 2)}`;
        return `${pad}- ${scalar(item)}\n`;
      })
      .join('');
  }
  if (isNonEmptyMap(value)) {
    return Object.entries(value)
      .filter((e): e is [string, Plain] => e[1] !== undefined)
      .map(([key, v]) => {
        if (isNonEmptyMap(v)) return `${pad}${yamlString(key)}:\n${toBlockYaml(v, indent + 2)}`;
        if (isNonEmptyList(v)) return `${pad}${yamlString(key)}:\n${toBlockYaml(v, indent)}`;
        return `${pad}${yamlString(key)}: ${scalar(v)}\n`;
      })
      .join('');
  }
  return `${pad}${scalar(value)}\n`;
}

function isNonEmptyList(value: Plain): value is Plain[] {
  return Array.isArray(value) && value.length > 0;
}

function isNonEmptyMap(value: Plain): value is { [key: string]: Plain | undefined } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).some((v) => v !== undefined);
}

function scalar(value: Plain): string {
  if (typeof value === 'string') return yamlString(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  return String(value);
}
