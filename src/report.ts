// What a run changed and warned about, for people (a table on stderr) and for tools (JSON).

import type { Result } from './kyaml/results';
import type { Change } from './transforms/changes';

export interface ReportEntry {
  document: number;
  resource: { apiVersion: string; kind: string; name: string; namespace?: string };
  field: string;
  from: string;
  to: string;
  why: string;
}

export async function reportEntries(changes: readonly Change[]): Promise<ReportEntry[]> {
  return Promise.all(
    changes.map(async (c) => {
      const m = await c.resource.meta();
      return {
        document: c.resource.doc.number,
        resource: { apiVersion: m.apiVersion, kind: m.kind, name: m.name, ...(m.namespace ? { namespace: m.namespace } : {}) },
        field: c.field,
        from: c.from,
        to: c.to,
        why: c.why,
      };
    }),
  );
}

export function reportTable(entries: readonly ReportEntry[], dryRun: boolean): string {
  const verb = dryRun ? 'would change' : 'changed';
  if (entries.length === 0) return `proxy-render: nothing to change\n`;
  const rows = entries.map((e) => [resourceLabel(e.resource), e.field, `${e.from} -> ${e.to}`, e.why]);
  const header = ['RESOURCE', 'FIELD', 'IMAGE', 'WHY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `proxy-render: ${verb} ${entries.length} image field${entries.length === 1 ? '' : 's'}\n${[header, ...rows].map(line).join('\n')}\n`;
}

export function reportJson(entries: readonly ReportEntry[], warnings: readonly Result[], dryRun: boolean): string {
  return `${JSON.stringify({ dryRun, changes: entries, warnings }, null, 2)}\n`;
}

export function resultLine(result: Result): string {
  const where = [result.resourceRef ? resourceLabel(result.resourceRef) : '', result.field?.path ?? ''].filter(Boolean).join(', ');
  return `proxy-render: ${result.severity}: ${where ? `${where}: ` : ''}${result.message}\n`;
}

function resourceLabel(r: { kind: string; name: string; namespace?: string }): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}
