import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNotFound } from '@wheelhouse/client';
import { startVerbCluster, type VerbCluster } from './kubectl.test-support.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
`;

function configMap(name: string, labels: Record<string, string> = {}) {
  return { metadata: { name, labels }, data: {} };
}

describe('wheelhouse delete, scale, cordon and uncordon', { timeout: 60_000 }, () => {
  let c: VerbCluster;
  beforeAll(async () => {
    c = await startVerbCluster();
  });
  afterAll(() => c?.stop());

  it('scales through the scale subresource', async () => {
    await c.run(['apply', '-f', await c.file('d.yaml', DEPLOYMENT)]);
    expect(await c.run(['scale', 'deploy/web', '--replicas=5'])).toEqual({
      code: 0,
      stdout: 'deployment.apps/web scaled\n',
      stderr: '',
    });
    expect((await c.client.resource('deployments').get('web', { namespace: 'default' })).spec?.replicas).toBe(5);
    const bad = await c.run(['scale', 'deploy/web']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n',
    );
    expect((await c.run(['scale', 'deployment', 'nope', '--replicas', '1'])).stderr).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
  });

  it('deletes by file, by name and by selector, waiting until each is gone', async () => {
    const cms = c.client.resource('configmaps', 'default');
    await cms.create(configMap('a', { group: 'x' }));
    await cms.create(configMap('b', { group: 'x' }));
    await cms.create(configMap('keep'));
    await c.run(['apply', '-f', await c.file('d2.yaml', DEPLOYMENT)]);
    expect(await c.run(['delete', '-f', await c.file('d2.yaml', DEPLOYMENT)])).toEqual({
      code: 0,
      stdout: 'deployment.apps "web" deleted\n',
      stderr: '',
    });
    await expect(c.client.resource('deployments').get('web', { namespace: 'default' })).rejects.toSatisfy(isNotFound);
    expect((await c.run(['delete', 'cm', '-l', 'group=x', '--now'])).stdout).toBe(
      'configmap "a" deleted\nconfigmap "b" deleted\n',
    );
    expect((await c.run(['delete', 'cm', '-l', 'group=x'])).stderr).toBe('No resources found\n');
    expect(await c.run(['delete', 'configmap/keep', 'configmap/gone'])).toEqual({
      code: 1,
      stdout: 'configmap "keep" deleted\n',
      stderr: 'Error from server (NotFound): configmaps "gone" not found\n',
    });
    expect((await c.run(['delete', 'cm'])).stderr).toBe(
      'error: resource(s) were provided, but no name was specified\n',
    );
    expect((await c.run(['delete', 'cm', 'x', '--cascade=sideways'])).stderr).toBe(
      'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan".\n',
    );
  });

  it('cordons and uncordons a node, saying when there was nothing to do', async () => {
    await c.client.resource('nodes').create({ metadata: { name: 'node-1' } });
    expect((await c.run(['cordon', 'node-1'])).stdout).toBe('node/node-1 cordoned\n');
    expect((await c.client.resource('nodes').get('node-1')).spec?.unschedulable).toBe(true);
    expect((await c.run(['cordon', 'node-1'])).stdout).toBe('node/node-1 already cordoned\n');
    expect((await c.run(['uncordon', 'node-1'])).stdout).toBe('node/node-1 uncordoned\n');
    expect((await c.client.resource('nodes').get('node-1')).spec?.unschedulable).toBeUndefined();
    expect((await c.run(['uncordon', 'node-1'])).stdout).toBe('node/node-1 already uncordoned\n');
    expect(await c.run(['cordon', 'node-9'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): nodes "node-9" not found\n',
    });
  });
});
