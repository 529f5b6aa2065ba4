// HelmChart v2 (apiVersion kots.io/v1beta2, kind HelmChart): the values KOTS hands to Helm.
//
// As KOTS does it (pkg/template RenderTemplate, kotskinds v1beta2 MergeHelmChartValues,
// pkg/apparchive WriteV1Beta2HelmCharts): the resource's text is rendered, `{{repl` actions
// first, then `repl{{`, and only then read as YAML 1.1. So `repl{{ X }}` written as a whole
// unquoted scalar takes the type YAML gives the result (`8080` a number, `true` a bool) and
// `'{{repl X }}'` stays a string. Then every optionalValues entry whose `when` reads as a Go
// bool (strconv.ParseBool) is merged in order: recursiveMerge false replaces top-level keys;
// true merges mappings key by key (a mapping is kept when the overlay's value is not one).
//
// In the output, spec.values is replaced by the merged, rendered values, written as block YAML
// where the mapping was; every other byte stays. optionalValues stay as written: applying them
// again to the merged values gives the same values, so a second run, or KOTS itself, agrees.
// A chart whose `exclude` is true is left as written. HelmChart v1 (kots.io/v1beta1) is
// deprecated and left as written, with a warning.

import { YamlDocument } from '../kyaml/document';
import { toBlockYaml, type Plain } from '../kyaml/emit';
import { InputError } from '../kyaml/errors';
import { addEntry, columnOf, withLineBreaks } from '../kyaml/insert';
import { NeedsFullParse, type MapNode, type ScalarNode, type YNode } from '../kyaml/nodes';
import { toPlain } from '../kyaml/plain';
import type { Resource } from '../kyaml/resource';
import { resourceResult, type Result } from '../kyaml/results';
import { TemplateError } from '../template/errors';
import { renderKotsTemplate } from '../template/kots-text';
import type { TemplateFunc } from '../template/values';
import { resolvePlainScalar } from '../template/yaml11';
import type { Change } from './changes';

export const HELMCHART_V2 = 'kots.io/v1beta2';
const HELMCHART_V1 = 'kots.io/v1beta1';

export type Funcs = Record<string, TemplateFunc>;
type Values = { [key: string]: Plain };

export interface RenderedChart {
  /** The values Helm gets: spec.values with the optionalValues that apply merged in. */
  values: Values;
  exclude: boolean;
  /** Indexes of the optionalValues entries that applied. */
  applied: number[];
}

export function isHelmChart(meta: { apiVersion: string; kind: string }): boolean {
  return meta.kind === 'HelmChart' && (meta.apiVersion === HELMCHART_V2 || meta.apiVersion === HELMCHART_V1);
}

/** Renders the values of every HelmChart v2 in place; v1 charts get a deprecation warning. */
export function renderHelmCharts(charts: readonly Resource[], funcs: Funcs): { changes: Change[]; results: Result[] } {
  const changes: Change[] = [];
  const results: Result[] = [];
  for (const chart of charts) {
    const meta = chart.meta();
    if (meta.apiVersion === HELMCHART_V1) {
      results.push(resourceResult(chart, 'warning', `HelmChart ${HELMCHART_V1} is deprecated (use ${HELMCHART_V2}); its values are left as written`));
      continue;
    }
    const rendered = renderHelmChart(chart, funcs);
    if (rendered.exclude) {
      results.push(resourceResult(chart, 'info', 'exclude is true: KOTS would not install this chart; left as written', 'spec.exclude'));
      continue;
    }
    if (writeValues(chart, rendered.values)) {
      const optional = rendered.applied.length > 0 ? ` with optionalValues[${rendered.applied.join(', ')}]` : '';
      changes.push({ resource: chart, field: 'spec.values', from: 'templates', to: 'rendered values', why: `HelmChart v2 values${optional}` });
    }
  }
  return { changes, results };
}

/** Renders one HelmChart v2 the way KOTS does and merges its optionalValues. */
export function renderHelmChart(chart: Resource, funcs: Funcs): RenderedChart {
  const source = chartSource(chart);
  const label = chart.label();
  let rendered: string;
  try {
    rendered = renderKotsTemplate(source.text, funcs);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    const offset = source.node.start + Math.max(0, e.column - 1 - source.pad);
    throw source.error(`template ${e.expression}: ${e.message}`, pathAt(source.node, offset), offset, label);
  }
  let typed: Values;
  try {
    typed = readTyped(rendered, chart.doc.number);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // Templates that print one line keep the line count: the line is then the one written.
    const lines = source.text.split('\n');
    const line = e.where.line;
    if (line === undefined || lines.length !== rendered.split('\n').length) {
      const at = line !== undefined ? ` (line ${line} of the rendered text)` : '';
      throw source.error(`after rendering its templates the resource is not valid YAML${at}: ${e.message}`, '', source.node.start, label);
    }
    const lineStart = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    const indent = lines[line - 1]!.length - lines[line - 1]!.trimStart().length;
    const offset = source.node.start + Math.max(0, lineStart + indent - source.pad);
    throw source.error(`after rendering its templates this is not valid YAML: ${e.message}`, pathAt(source.node, offset), offset, label);
  }

  const fail = (message: string, path: Array<string | number>): never => {
    const node = nodeAt(source.node, path);
    throw source.error(message, pathText(path), node?.start ?? source.node.start, label);
  };
  const spec = typed.spec ?? null;
  if (spec === null) return { values: {}, exclude: false, applied: [] };
  if (!isMap(spec)) return fail('expected a mapping', ['spec']);
  const exclude = spec.exclude === undefined || spec.exclude === null || spec.exclude === '' ? false : parseGoBool(spec.exclude);
  if (exclude === undefined) fail(`${JSON.stringify(spec.exclude)} is not a bool after rendering (true, false, 1, 0, t, f)`, ['spec', 'exclude']);
  let values = mapping(spec.values, ['spec', 'values'], fail);
  const applied: number[] = [];
  const optional = spec.optionalValues ?? null;
  if (optional !== null && !Array.isArray(optional)) fail('expected a sequence', ['spec', 'optionalValues']);
  for (const [i, entry] of ((optional ?? []) as Plain[]).entries()) {
    const at = ['spec', 'optionalValues', i];
    if (!isMap(entry)) return fail('expected a mapping', at);
    const when = parseGoBool(entry.when ?? '');
    if (when === undefined) {
      fail(`${JSON.stringify(entry.when ?? '')} is not a bool after rendering (true, false, 1, 0, t, f)`, [...at, 'when']);
    }
    const recursive = entry.recursiveMerge ?? false;
    if (typeof recursive !== 'boolean') fail(`expected true or false, got ${JSON.stringify(recursive)}`, [...at, 'recursiveMerge']);
    if (!when) continue;
    const overlay = mapping(entry.values, [...at, 'values'], fail);
    values = recursive ? mergeRecursively(values, overlay) : { ...values, ...overlay };
    applied.push(i);
  }
  return { values, exclude: exclude === true, applied };
}

/** Replaces spec.values by `values` unless they are what is written; true when it changed. */
function writeValues(chart: Resource, values: Values): boolean {
  const { doc } = chart;
  const written = chart.read((root) => {
    const spec = root.get('spec');
    const entry = spec?.type === 'map' ? spec.entries().find((e) => e.key === 'values') : undefined;
    return { spec: spec?.type === 'map' ? spec : undefined, entry, typed: entry ? typedNode(entry.value) : null };
  });
  const current = written.typed === null ? {} : written.typed;
  if (deepEqual(current, values)) return false;
  const { spec, entry } = written;
  if (spec === undefined) return false;
  if (entry === undefined) {
    addEntry(doc, spec, 'values', values);
    return true;
  }
  const node = entry.value;
  if (spec.flow || (node.type === 'map' && node.flow)) {
    doc.edit(node.start, node.end, JSON.stringify(values));
  } else if (node.type === 'map') {
    doc.edit(node.start, node.end, withLineBreaks(doc, toBlockYaml(values, node.indent).slice(node.indent).trimEnd()));
  } else {
    // `values:` empty, null, or a template that rendered into a mapping: the whole entry.
    const lineEnd = doc.text.indexOf('\n', node.end);
    const end = lineEnd < 0 ? doc.text.length : lineEnd;
    const block = Object.keys(values).length === 0 ? ' {}' : `\n${toBlockYaml(values, spec.indent + 2).trimEnd()}`;
    doc.edit(entry.keyStart, doc.text[end - 1] === '\r' ? end - 1 : end, withLineBreaks(doc, `values:${block}`));
  }
  return true;
}

interface ChartSource {
  node: MapNode;
  /** The resource's text, indented as in the document so that it reads as YAML on its own. */
  text: string;
  pad: number;
  error(message: string, field: string, offset: number, label: string): InputError;
}

export function chartSource(chart: Resource): ChartSource {
  const node = chart.read((n) => n);
  const { doc } = chart;
  const pad = columnOf(doc.text, node.start);
  return {
    node,
    pad,
    text: ' '.repeat(pad) + doc.text.slice(node.start, node.end),
    error: (message, field, offset, label) => new InputError(message, { ...doc.where(offset), resource: label, ...(field ? { field } : {}) }),
  };
}

/** The rendered text as YAML 1.1 data, as KOTS reads it (go-yaml v2 via sigs.k8s.io/yaml). */
function readTyped(text: string, number: number): Values {
  const doc = new YamlDocument(text, number);
  if (doc.root() === null) return {};
  return doc.read((root) => typedNode(root) as Values);
}

function typedNode(node: YNode): Plain {
  return toPlain(node, typedScalar) as Plain;
}

function typedScalar(node: ScalarNode): Plain {
  if (node.value === null) return null;
  if (node.style !== 'plain') return node.value;
  try {
    return resolvePlainScalar(node.value) as Plain;
  } catch (e) {
    throw new InputError((e as Error).message, {}, node.start);
  }
}

function mapping(value: Plain | undefined, path: Array<string | number>, fail: (message: string, path: Array<string | number>) => never): Values {
  if (value === undefined || value === null) return {};
  return isMap(value) ? value : fail(`expected a mapping, found ${Array.isArray(value) ? 'a sequence' : `${JSON.stringify(value)}`}`, path);
}

/** kotskinds MergeHelmChartValues: the overlay wins, except that a mapping only merges with a mapping. */
export function mergeRecursively(base: Values, overlay: Values): Values {
  // No prototype: a values key named __proto__ must stay a key.
  const result: Values = Object.create(null) as Values;
  for (const [key, value] of Object.entries(base)) {
    if (!Object.hasOwn(overlay, key)) result[key] = value;
    else if (!isMap(value)) result[key] = overlay[key]!;
    else {
      const over = overlay[key];
      result[key] = mergeRecursively(value, isMap(over) ? over : {});
    }
  }
  for (const [key, value] of Object.entries(overlay)) if (!Object.hasOwn(base, key)) result[key] = value;
  return result;
}

/** Go's strconv.ParseBool, on what YAML made of the rendered text. */
export function parseGoBool(value: Plain | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

function isMap(value: Plain | undefined): value is Values {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

function deepEqual(a: Plain | undefined, b: Plain | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isMap(a) || !isMap(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}

/** The deepest field of `root` whose text holds `offset`, kyaml style (`spec.values.image.tag`). */
function pathAt(root: YNode, offset: number): string {
  const path: Array<string | number> = [];
  let node: YNode = root;
  for (;;) {
    let next: { step: string | number; node: YNode } | undefined;
    try {
      if (node.type === 'map') {
        const entry = node.entries().find((e) => e.keyStart <= offset && offset <= Math.max(e.value.end, e.keyStart));
        if (entry) next = { step: entry.key, node: entry.value };
      } else if (node.type === 'seq') {
        const i = node.items().findIndex((item) => item.start <= offset && offset <= item.end);
        if (i >= 0) next = { step: i, node: node.items()[i]! };
      }
    } catch (e) {
      if (!(e instanceof NeedsFullParse)) throw e;
    }
    if (!next) return pathText(path);
    path.push(next.step);
    node = next.node;
  }
}

function nodeAt(root: YNode, path: ReadonlyArray<string | number>): YNode | undefined {
  let node: YNode | undefined = root;
  try {
    for (const step of path) {
      if (node === undefined) return undefined;
      node = typeof step === 'number' ? (node.type === 'seq' ? node.items()[step] : undefined) : node.type === 'map' ? node.get(step) : undefined;
    }
  } catch (e) {
    if (!(e instanceof NeedsFullParse)) throw e;
    return undefined;
  }
  return node;
}

function pathText(path: ReadonlyArray<string | number>): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}
