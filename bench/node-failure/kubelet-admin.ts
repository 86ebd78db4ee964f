/** The simulated kubelet's admin API as the node-failure bench uses it: find it, fail nodes. */
import { readFile } from 'node:fs/promises';
import { until } from '@wheelhouse/testing';
import { type Component, assertAlive } from '../controllers/components.js';

/** The admin API's URL, read from the kubelet's --admin-port-file once it is written (throws if a component exits). */
export async function kubeletAdminUrl(file: string, components: Component[]): Promise<string> {
  let url: string | undefined;
  await until(
    async () => {
      assertAlive(components);
      const text = await readFile(file, 'utf8').catch(() => '');
      url = text ? (JSON.parse(text) as { url: string }).url : undefined;
      return url !== undefined;
    },
    'the kubelet admin port file',
    120_000,
  );
  return url!;
}

/** `POST /nodes/{name}/fail` for every node at once; rejects unless each answers 200. */
export async function failNodes(admin: string, nodes: readonly string[]): Promise<void> {
  await Promise.all(
    nodes.map(async (name) => {
      const res = await fetch(`${admin}/nodes/${name}/fail`, { method: 'POST' });
      if (res.status !== 200) throw new Error(`fail ${name}: the kubelet admin API answered ${res.status}`);
    }),
  );
}
