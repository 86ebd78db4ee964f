import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '@wheelhouse/testing';
import { startVerbCluster, type VerbCluster } from './kubectl.test-support.js';
import { generic, words } from './describe-format.js';

describe('describe formatting', () => {
  it("spells keys as kubectl's generic describer does", () => {
    expect(words('creationTimestamp')).toBe('Creation Timestamp');
    expect(words('podIP')).toBe('Pod IP');
    expect(generic({ replicas: 3, template: { size: 'big' } }, 2)).toBe(
      '  Replicas:  3\n  Template:\n    Size:  big\n',
    );
  });
});

describe('wheelhouse events and describe', { timeout: 60_000 }, () => {
  let c: VerbCluster;
  let uid = '';
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const event = (name: string, reason: string, count: number, first: number, last: number, type = 'Normal') => ({
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid, apiVersion: 'v1' },
    reason,
    message: `${reason} happened`,
    type,
    count,
    firstTimestamp: at(first),
    lastTimestamp: at(last),
    source: { component: 'default-scheduler' },
  });

  beforeAll(async () => {
    c = await startVerbCluster();
    const pod = await c.client.resource('pods', 'default').create({
      metadata: { name: 'web-1', labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    });
    uid = pod.metadata!.uid!;
    await c.client.resource('events', 'default').create(event('e1', 'Scheduled', 1, 15, 15));
    await c.client.resource('events', 'default').create(event('e2', 'BackOff', 3, 30, 12, 'Warning'));
  });
  afterAll(() => c?.stop());

  // Minutes past 10 print without seconds (HumanDuration), so the ages hold however long the test takes.
  it('lists events oldest first with LAST SEEN, TYPE, REASON, OBJECT and MESSAGE', async () => {
    const r = await c.run(['events']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'LAST SEEN           TYPE      REASON      OBJECT      MESSAGE\n' +
        '15m                 Normal    Scheduled   Pod/web-1   Scheduled happened\n' +
        '12m (x3 over 30m)   Warning   BackOff     Pod/web-1   BackOff happened\n',
    );
    expect((await c.run(['events', '--for', 'pod/web-1', '--types', 'Warning'])).stdout).toContain('BackOff');
    expect((await c.run(['events', '--for', 'pod/other'])).stderr).toBe('No events found in default namespace.\n');
    expect((await c.run(['events', '-A'])).stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE/);
  });

  it('prints new events as they come with -w', async () => {
    const watching = c.start(['events', '-w']);
    await until(() => watching.stdout().split('\n').length > 3, 'the listed events');
    await c.client.resource('events', 'default').create(event('e3', 'Pulled', 1, 0, 0));
    await until(() => watching.stdout().includes('Pulled happened'), 'the new event');
    await c.stop();
    await watching.done;
  });
});

describe('wheelhouse describe', { timeout: 60_000 }, () => {
  let c: VerbCluster;
  beforeAll(async () => {
    c = await startVerbCluster();
  });
  afterAll(() => c?.stop());

  it('describes a pod with its containers and its events, and any other kind generically', async () => {
    const pod = await c.client.resource('pods', 'default').create({
      metadata: { name: 'web-1', labels: { app: 'web', tier: 'front' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    });
    await c.client.resource('events', 'default').create({
      metadata: { name: 'e1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: pod.metadata!.uid! },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-1 to node-1',
      type: 'Normal',
      count: 1,
      firstTimestamp: new Date().toISOString(),
      lastTimestamp: new Date().toISOString(),
      source: { component: 'default-scheduler' },
    });
    const r = await c.run(['describe', 'pod', 'web-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name: +web-1\nNamespace: +default\n/);
    expect(r.stdout).toMatch(/^Labels: +app=web\n +tier=front\n/m);
    expect(r.stdout).toMatch(/^Containers:\n {2}nginx:\n {4}Image: +nginx:1\.27\n {4}Port: +80\/TCP\n/m);
    expect(r.stdout).toMatch(
      /Events:\n {2}Type +Reason +Age +From +Message\n {2}---- +------ +---- +---- +-------\n {2}Normal +Scheduled +\d+s +default-scheduler +Successfully assigned default\/web-1 to node-1\n$/,
    );
    await c.client.resource('configmaps', 'default').create({ metadata: { name: 'cfg' }, data: { logLevel: 'debug' } });
    const cm = await c.run(['describe', 'cm/cfg']);
    expect(cm.stdout).toMatch(/^Name: +cfg\n/);
    expect(cm.stdout).toMatch(/^Data:\n {2}Log Level: +debug\n/m);
    expect(cm.stdout).toMatch(/Events: +<none>\n$/);
    expect(await c.run(['describe', 'pod', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
  });
});
