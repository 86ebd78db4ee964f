import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbCluster, type VerbCluster } from './kubectl.test-support.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
`;

describe('wheelhouse apply', { timeout: 60_000 }, () => {
  let c: VerbCluster;
  beforeAll(async () => {
    c = await startVerbCluster();
  });
  afterAll(() => c?.stop());

  it('creates, then leaves unchanged, then configures the objects of a multi-document file', async () => {
    const file = await c.file('web.yaml', `${DEPLOYMENT}---\n${SERVICE}`);
    expect(await c.run(['apply', '-f', file])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web created\nservice/web created\n',
      stderr: '',
    });
    expect((await c.run(['apply', '-f', file])).stdout).toBe('deployment.apps/web unchanged\nservice/web unchanged\n');
    await c.file('web.yaml', `${DEPLOYMENT.replace('replicas: 2', 'replicas: 3')}---\n${SERVICE}`);
    expect((await c.run(['apply', '-f', file])).stdout).toBe('deployment.apps/web configured\nservice/web unchanged\n');
    const d = await c.client.resource('deployments').get('web', { namespace: 'default' });
    expect(d.spec?.replicas).toBe(3);
    expect(d.metadata?.managedFields?.map((m) => m.manager)).toContain('wheelhouse');
  });

  it('reads JSON Lists from stdin into the namespace of -n, and stores nothing with --dry-run=server', async () => {
    await c.client.resource('namespaces').create({ metadata: { name: 'team' } });
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { a: '1' } }],
    };
    const dry = await c.run(['apply', '-f', '-', '-n', 'team', '--dry-run=server'], JSON.stringify(list));
    expect(dry).toEqual({ code: 0, stdout: 'configmap/one created (server dry run)\n', stderr: '' });
    const real = await c.run(['apply', '-f', '-', '-n', 'team'], JSON.stringify(list));
    expect(real.stdout).toBe('configmap/one created\n');
    expect((await c.client.resource('configmaps').get('one', { namespace: 'team' })).data).toEqual({ a: '1' });
  });

  it('walks a directory recursively, in name order, taking .yaml, .yml and .json files only', async () => {
    const dir = join(c.dir.path, 'tree');
    await mkdir(join(dir, 'sub'), { recursive: true });
    await c.file('tree/b.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    await c.file('tree/sub/c.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}');
    await c.file('tree/a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    await c.file('tree/notes.txt', 'not a manifest');
    expect((await c.run(['apply', '-f', dir])).stdout).toBe(
      'configmap/a created\nconfigmap/b created\nconfigmap/c created\n',
    );
  });

  it('names the file, the document and the line of malformed YAML, in one line, exit code 1', async () => {
    // SERVICE is 8 lines, the separator line 9: the bad indentation is on line 13 of the file.
    const file = await c.file('bad.yaml', `${SERVICE}---\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indent\n`);
    const r = await c.run(['apply', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^error: error parsing ${file}: document 2, line 13: .+\\n$`));
  });

  it("answers an unknown kind with kubectl's mapping error and still applies the other objects", async () => {
    const file = await c.file(
      'crd.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: before}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n',
    );
    const r = await c.run(['apply', '-f', file]);
    expect(r).toEqual({
      code: 1,
      stdout: 'configmap/before created\n',
      stderr:
        `error: resource mapping not found for name: "w" namespace: "" from "${file}": ` +
        'no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n',
    });
  });

  it("prints kubectl's conflict text when another field manager owns a field", async () => {
    await c.client
      .resource('configmaps')
      .patch(
        'owned',
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned' }, data: { k: 'theirs' } },
        { type: 'apply', fieldManager: 'someone', namespace: 'default' },
      );
    const file = await c.file(
      'owned.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: owned}\ndata: {k: mine}\n',
    );
    const r = await c.run(['apply', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: Apply failed with 1 conflict: conflict with "someone": \.data\.k\nPlease review the fields above/,
    );
    expect(r.stderr).toContain('--force-conflicts');
    const forced = await c.run(['apply', '-f', file, '--force-conflicts']);
    expect(forced.stdout).toBe('configmap/owned configured\n');
  });

  it('refuses an object whose namespace differs from -n', async () => {
    const file = await c.file('ns.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: other}\n');
    const r = await c.run(['apply', '-f', file, '-n', 'team']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: the namespace from the provided object "other" does not match the namespace "team". ' +
        "You must pass '--namespace=other' to perform this operation.\n",
    );
  });
});
