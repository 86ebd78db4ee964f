/**
 * What the real kubectl v1.32 prints where it first checks a manifest on its own: a
 * `kind: List` applies item by item, and a kind no one serves gets kubectl's own "no
 * matches for kind" message (not an OpenAPI download error). Fresh HOME per run.
 */
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useKubectlServer } from './harness.test-support.js';

const cluster = useKubectlServer('kubectl-fidelity-');

describe('kubectl apply fidelity', () => {
  it('applies a kind: List item by item', async () => {
    await writeFile(
      join(cluster.kubectl.home, 'list.yaml'),
      'apiVersion: v1\nkind: List\nitems:\n' +
        '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: one}\n  data: {a: "1"}\n' +
        '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: two}\n  data: {b: "2"}\n',
    );
    expect(await cluster.kubectl.ok('apply', '-f', 'list.yaml')).toBe('configmap/one created\nconfigmap/two created\n');
    expect(await cluster.kubectl.ok('get', 'configmap', 'two', '-o', 'jsonpath={.data.b}')).toBe('2');
  });

  it('says "no matches for kind" for a kind that is not served', async () => {
    await writeFile(
      join(cluster.kubectl.home, 'widget.yaml'),
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 1}\n',
    );
    const out = await cluster.kubectl.run('apply', '-f', 'widget.yaml');
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(
      'error: resource mapping not found for name: "w1" namespace: "" from "widget.yaml": no matches for kind "Widget" in version "example.com/v1"',
    );
    expect(out.stderr).toContain('ensure CRDs are installed first');
  });
});
