import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '@wheelhouse/testing';
import { startVerbCluster, type VerbCluster } from './kubectl.test-support.js';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, labels: {tier: front, app: web}}
data: {a: "1"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other, namespace: kube-system}
`;

/** The lines of a table split into their cells. */
function cells(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(/\s{3,}/));
}

describe('wheelhouse get', { timeout: 60_000 }, () => {
  let c: VerbCluster;
  beforeAll(async () => {
    c = await startVerbCluster();
    const r = await c.run(['apply', '-f', await c.file('m.yaml', MANIFESTS)]);
    expect(r.code).toBe(0);
  });
  afterAll(() => c?.stop());

  it("prints the server's Table columns for a short name, a singular and a group-qualified name", async () => {
    for (const type of ['deploy', 'deployment', 'deployments.apps', 'deployments.v1.apps']) {
      const r = await c.run(['get', type]);
      expect(r.code).toBe(0);
      const [header, row] = cells(r.stdout);
      expect(header).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
      expect(row?.[0]).toBe('web');
    }
    const wide = cells((await c.run(['get', 'deploy', '-o', 'wide'])).stdout);
    expect(wide[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(wide[1]?.slice(5)).toEqual(['nginx', 'nginx:1.27', 'app=web']);
  });

  it('adds NAMESPACE with -A and LABELS with --show-labels', async () => {
    const all = cells(
      (await c.run(['get', 'cm', '-A', '-l', 'app notin (x)', '--field-selector', 'metadata.name!=kube-root-ca.crt']))
        .stdout,
    );
    expect(all[0]).toEqual(['NAMESPACE', 'NAME', 'DATA', 'AGE']);
    expect(all.slice(1).map((r) => `${r[0]}/${r[1]}`)).toEqual(['default/settings', 'kube-system/other']);
    const labels = cells((await c.run(['get', 'configmap', 'settings', '--show-labels'])).stdout);
    expect(labels[0]).toEqual(['NAME', 'DATA', 'AGE', 'LABELS']);
    expect(labels[1]?.[3]).toBe('app=web,tier=front');
  });

  it('prefixes names with their type for comma lists and prints -o name', async () => {
    const r = await c.run(['get', 'deploy,cm', '-l', 'app=web']);
    const [deploys, maps] = r.stdout.split('\n\n');
    expect(cells(deploys!)[1]?.[0]).toBe('deployment.apps/web');
    expect(cells(maps!)[1]?.[0]).toBe('configmap/settings');
    expect((await c.run(['get', 'deploy/web', 'cm/settings', '-o', 'name'])).stdout).toBe(
      'deployment.apps/web\nconfigmap/settings\n',
    );
  });

  it('prints one object as YAML or JSON, several as a List', async () => {
    const yaml = (await c.run(['get', 'cm', 'settings', '-o', 'yaml'])).stdout;
    expect(yaml).toMatch(/^apiVersion: v1\ndata:\n {2}a: '1'\nkind: ConfigMap\nmetadata:\n/);
    const json = JSON.parse((await c.run(['get', 'cm', '-l', 'app=web', '-o', 'json'])).stdout) as {
      kind: string;
      items: Array<{ kind: string; metadata: { name: string } }>;
    };
    expect(json.kind).toBe('List');
    expect(json.items.map((i) => `${i.kind}/${i.metadata.name}`)).toEqual(['ConfigMap/settings']);
  });

  it("says so on stderr when nothing matches, and reports missing names as the server's NotFound", async () => {
    expect(await c.run(['get', 'pods'])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
    });
    const r = await c.run(['get', 'cm', 'settings', 'nope']);
    expect(r.code).toBe(1);
    expect(cells(r.stdout)[1]?.[0]).toBe('settings');
    expect(r.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
    expect(await c.run(['get', 'widgets'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: the server doesn\'t have a resource type "widgets"\n',
    });
  });
});

describe('wheelhouse get -w', { timeout: 60_000 }, () => {
  it('prints the current rows, then a row per change, until the server ends the watch', async () => {
    const c = await startVerbCluster();
    try {
      await c.client
        .resource('configmaps')
        .create({ metadata: { name: 'watched' }, data: {} }, { namespace: 'default' });
      const watching = c.start(['get', 'cm', 'watched', '-w']);
      await until(() => watching.stdout().split('\n').length > 2, 'the first row');
      await c.client
        .resource('configmaps')
        .update({ metadata: { name: 'watched', namespace: 'default' }, data: { k: 'v' } }, { namespace: 'default' });
      await until(() => watching.stdout().split('\n').length > 3, 'the changed row');
      await c.stop();
      const r = await watching.done;
      const lines = cells(r.stdout);
      expect(lines[0]).toEqual(['NAME', 'DATA', 'AGE']);
      expect(lines.slice(1).map((l) => l.slice(0, 2))).toEqual([
        ['watched', '0'],
        ['watched', '1'],
      ]);
    } finally {
      await c.stop();
    }
  });
});
