// What a run changed and warned about, for people (a table on stderr) and for tools (JSON).

import type { Result } from './kyaml/results';
import { describeChange, type Change } from './transforms/changes';
import type { ProbeDecision } from './transforms/image-policy';

export interface ReportEntry {
  document: number;
  resource: { apiVersion: string; kind: string; name: string; namespace?: string };
  field: string;
  from: string;
  to: string;
  why: string;
}

export function reportEntries(changes: readonly Change[]): ReportEntry[] {
  return changes.map((c) => {
    const m = c.resource.meta();
    return {
      document: c.resource.doc.number,
      resource: { apiVersion: m.apiVersion, kind: m.kind, name: m.name, ...(m.namespace ? { namespace: m.namespace } : {}) },
      field: c.field,
      from: c.from,
      to: c.to,
      why: c.why,
    };
  });
}

export function reportTable(entries: readonly ReportEntry[], probes: readonly ProbeDecision[], dryRun: boolean): string {
  const verb = dryRun ? 'would change' : 'changed';
  let out = '';
  if (probes.length > 0) {
    out += `proxy-render: probed ${probes.length} image${probes.length === 1 ? '' : 's'}\n`;
    out += table(['IMAGE', 'VERDICT', 'MS', 'WHY'], probes.map((p) => [p.image, p.verdict, String(p.ms), p.why]));
  }
  if (entries.length === 0) return `${out}proxy-render: nothing ${dryRun ? 'would change' : 'changed'}\n`;
  const rows = entries.map((e) => [resourceLabel(e.resource), e.field, describeChange(e), e.why]);
  return `${out}proxy-render: ${verb} ${entries.length} field${entries.length === 1 ? '' : 's'}\n${table(['RESOURCE', 'FIELD', 'CHANGE', 'WHY'], rows)}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

/** `notes`: what the run made or left undone besides field changes (a Secret created, none made). */
export function reportJson(entries: readonly ReportEntry[], probes: readonly ProbeDecision[], warnings: readonly Result[], notes: readonly Result[], dryRun: boolean): string {
  return `${JSON.stringify({ dryRun, changes: entries, probes, warnings, notes }, null, 2)}\n`;
}

/**
 * One line per distinct warning: where it was found first, and how many places more. A chart
 * that runs one unrewritable image in 500 pods gives one warning, not 500; --report-json and
 * the KRM results still name every place.
 */
export function resultLines(results: readonly Result[]): string {
  const groups = new Map<string, Result[]>();
  for (const [i, result] of results.entries()) {
    // Only warnings repeat by the hundred (one image in every replica's pod spec); each note is its own line.
    const key = result.severity === 'warning' ? result.message : `${i}`;
    const group = groups.get(key);
    if (group) group.push(result);
    else groups.set(key, [result]);
  }
  let out = '';
  for (const [first, ...more] of groups.values()) {
    out += resultLine(more.length === 0 ? first! : { ...first!, message: `${first!.message}; also in ${more.length} more place${more.length === 1 ? '' : 's'}` });
  }
  return out;
}

export function resultLine(result: Result): string {
  const where = [result.resourceRef ? resourceLabel(result.resourceRef) : '', result.field?.path ?? ''].filter(Boolean).join(', ');
  return `proxy-render: ${result.severity}: ${where ? `${where}: ` : ''}${result.message}\n`;
}

function resourceLabel(r: { kind: string; name: string; namespace?: string }): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}
