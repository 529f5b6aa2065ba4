// What a run changed, for people (--report: a table on stderr) and for tools (--report-json
// FILE), and --dry-run: the input unchanged on stdout and the report of what would change.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempDir } from '../helpers/run-cli';

const INPUT = `# Source: chart/templates/api.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
spec:
  template:
    spec:
      containers:
        - name: api
          image: quay.io/my-org/api:1.2.3
        - name: web
          image: nginx:1.25
---
# Source: chart/templates/job.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      initContainers:
        - name: wait
          image: quay.io/my-org/wait:1
`;

const ARGS = ['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'];

describe('--report', () => {
  it('prints a table on stderr: resource, field path, old -> new', () => {
    const r = runCli([...ARGS, '--report'], INPUT);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('proxy-render: changed 2 fields');
    expect(lines[1]).toMatch(/^RESOURCE\s+FIELD\s+CHANGE\s+WHY$/);
    expect(lines[2]).toMatch(
      /^Deployment prod\/api\s+spec\.template\.spec\.containers\[0\]\.image\s+quay\.io\/my-org\/api:1\.2\.3 -> proxy\.replicated\.com\/proxy\/my-app\/quay\.io\/my-org\/api:1\.2\.3\s+matches private pattern 'quay\.io\/my-org\/\*'$/,
    );
    expect(lines[3]).toMatch(
      /^Job migrate\s+spec\.template\.spec\.initContainers\[0\]\.image\s+quay\.io\/my-org\/wait:1 -> proxy\.replicated\.com\/proxy\/my-app\/quay\.io\/my-org\/wait:1\s+matches private pattern/,
    );
    // Without a license there is no pull secret: the report says so.
    expect(lines.slice(4)).toEqual([expect.stringMatching(/^proxy-render: info: images now pull from the proxy but no credentials were given/), '']);
  });

  it('still writes the rewritten stream on stdout', () => {
    const r = runCli([...ARGS, '--report'], INPUT);
    expect(r.stdout).toBe(runCli(ARGS, INPUT).stdout);
    expect(r.stdout).toContain('          image: proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3\n');
    expect(r.status).toBe(0);
  });

  it('says so when nothing changes', () => {
    const r = runCli(['--app-slug', 'my-app', '--private', 'ghcr.io/other/*', '--report'], INPUT);
    expect(r.stderr).toMatch(/^proxy-render: nothing (changed|to change)\n$/);
    expect(r.stdout).toBe(INPUT);
  });

  it('is also set by PROXY_RENDER_REPORT', () => {
    const r = runCli(ARGS, INPUT, { env: { PROXY_RENDER_REPORT: 'true' } });
    expect(r.stderr).toMatch(/^proxy-render: changed 2 fields\n/);
  });

  it('prints nothing on stderr without it', () => {
    const r = runCli(ARGS, INPUT);
    expect(r.stderr).toBe('');
  });
});

describe('--report-json FILE', () => {
  it('writes changes with document, resource, field, from, to and why, and warnings', () => {
    const cwd = tempDir();
    const r = runCli([...ARGS, '--report-json', 'report.json'], INPUT, { cwd });
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'));
    expect(report.dryRun).toBe(false);
    expect(report.warnings).toEqual([]);
    expect(report.changes).toEqual([
      {
        document: 1,
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'prod' },
        field: 'spec.template.spec.containers[0].image',
        from: 'quay.io/my-org/api:1.2.3',
        to: 'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3',
        why: "matches private pattern 'quay.io/my-org/*'",
      },
      {
        document: 2,
        resource: { apiVersion: 'batch/v1', kind: 'Job', name: 'migrate' },
        field: 'spec.template.spec.initContainers[0].image',
        from: 'quay.io/my-org/wait:1',
        to: 'proxy.replicated.com/proxy/my-app/quay.io/my-org/wait:1',
        why: "matches private pattern 'quay.io/my-org/*'",
      },
    ]);
  });

  it('lists an image left as written among the warnings', () => {
    const input = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: Quay.io/My-Org/API:1
`;
    const cwd = tempDir();
    runCli(['--app-slug', 'my-app', '--private', 'all', '--report-json', 'report.json'], input, { cwd });
    const report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'));
    expect(report.changes).toEqual([]);
    expect(report.warnings).toEqual([
      {
        message: expect.stringContaining('Quay.io/My-Org/API:1'),
        severity: 'warning',
        resourceRef: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
        field: { path: 'spec.containers[0].image' },
      },
    ]);
  });

  it('prints one warning for an image left as written in many places; the JSON report names each', () => {
    const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: c\n      image: Quay.io/My-Org/API:1\n    - name: d\n      image: \${TAG}\n`;
    const cwd = tempDir();
    const r = runCli(['--app-slug', 'my-app', '--private', 'all', '--report-json', 'report.json'], ['a', 'b', 'c'].map(pod).join('---\n'), { cwd });
    expect(r.status).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^proxy-render: warning: Pod a, spec\.containers\[0\]\.image: image "Quay\.io\/My-Org\/API:1" left as written: .*; also in 2 more places$/);
    expect(lines[1]).toMatch(/^proxy-render: warning: Pod a, spec\.containers\[1\]\.image: image "\$\{TAG\}" left as written: .*; also in 2 more places$/);
    const report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'));
    expect(report.warnings.map((w: { resourceRef: { name: string } }) => w.resourceRef.name)).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });

  it('lists the pull Secrets created, or why none was, among the notes', () => {
    const cwd = tempDir();
    runCli([...ARGS, '--license-id', '2aBcDeFgHiJkLmNoPqRsTuVwXyZ', '--report-json', 'with.json'], INPUT, { cwd });
    expect(JSON.parse(readFileSync(join(cwd, 'with.json'), 'utf8')).notes).toContainEqual({ message: 'created (kubernetes.io/dockerconfigjson)', severity: 'info', resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'my-app-registry', namespace: 'prod' } });
    runCli([...ARGS, '--report-json', 'without.json'], INPUT, { cwd });
    expect(JSON.parse(readFileSync(join(cwd, 'without.json'), 'utf8')).notes).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringMatching(/^images now pull from the proxy but no credentials were given/) })]);
  });

  it('does not print the table unless --report is given too', () => {
    const cwd = tempDir();
    const r = runCli([...ARGS, '--report-json', 'report.json'], INPUT, { cwd });
    expect(r.stderr).toBe('');
  });

  it('a file that cannot be written is a user error naming it', () => {
    const cwd = tempDir();
    const r = runCli([...ARGS, '--report-json', 'no-such-dir/report.json'], INPUT, { cwd });
    expectUserError(r, /^no-such-dir\/report\.json: cannot write report: ENOENT$/);
  });
});

describe('--dry-run', () => {
  it('exits 0 and writes stdin to stdout byte for byte', () => {
    const r = runCli([...ARGS, '--dry-run'], INPUT);
    expect(r.stdout).toBe(INPUT);
    expect(r.status).toBe(0);
  });

  it('reports on stderr what would change', () => {
    const r = runCli([...ARGS, '--dry-run'], INPUT);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('proxy-render: would change 2 fields');
    expect(lines[2]).toMatch(/^Deployment prod\/api\s+spec\.template\.spec\.containers\[0\]\.image\s+quay\.io\/my-org\/api:1\.2\.3 -> proxy\.replicated\.com\/proxy\/my-app\/quay\.io\/my-org\/api:1\.2\.3\s/);
  });

  it("says a chart's own pull Secret would be updated, not that it was", () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: my-app-registry\n  namespace: prod\ntype: Opaque\n---\n';
    const r = runCli([...ARGS, '--license-id', '2aBcDeFgHiJkLmNoPqRsTuVwXyZ', '--dry-run'], secret + INPUT);
    expect(r.stdout).toBe(secret + INPUT);
    expect(r.stderr).toContain('proxy-render: info: Secret prod/my-app-registry: already in the input: type and .dockerconfigjson would be replaced by proxy-render\n');
  });

  it('says the pull Secrets would be created, not that they were', () => {
    const r = runCli([...ARGS, '--license-id', '2aBcDeFgHiJkLmNoPqRsTuVwXyZ', '--dry-run'], INPUT);
    expect(r.stdout).toBe(INPUT);
    expect(r.stderr).toContain('proxy-render: info: Secret prod/my-app-registry: would be created (kubernetes.io/dockerconfigjson)\n');
    expect(r.stderr).not.toMatch(/: created\b/);
  });

  it('with --report-json marks the JSON report as a dry run', () => {
    const cwd = tempDir();
    const r = runCli([...ARGS, '--dry-run', '--report-json', 'report.json'], INPUT, { cwd });
    const report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'));
    expect(report.dryRun).toBe(true);
    expect(report.changes.map((c: { to: string }) => c.to)).toEqual([
      'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3',
      'proxy.replicated.com/proxy/my-app/quay.io/my-org/wait:1',
    ]);
    expect(r.stdout).toBe(INPUT);
  });

  it('leaves the items of a ResourceList byte for byte as they came; results say what would change', () => {
    const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: api
    spec:
      containers:
        - name: api
          image: quay.io/my-org/api:1.2.3
`;
    const r = runCli([...ARGS, '--dry-run'], input);
    expect(r.stdout.startsWith(`${input}results:\n`)).toBe(true);
    expect(r.stdout).toContain('- message: "would change: quay.io/my-org/api:1.2.3 -> proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.2.3');
    expect(r.stderr).toMatch(/^proxy-render: would change 1 field\n/);
    expect(r.status).toBe(0);
  });

  it('is also set by PROXY_RENDER_DRY_RUN', () => {
    const r = runCli(ARGS, INPUT, { env: { PROXY_RENDER_DRY_RUN: 'true' } });
    expect(r.stdout).toBe(INPUT);
  });
});
