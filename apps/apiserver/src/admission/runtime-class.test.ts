/**
 * node.k8s.io/v1 RuntimeClass with the real kubectl (apply, get, explain) and the RuntimeClass
 * admission plugin: a pod naming a class gets its overhead, node selector and tolerations;
 * kube's refusals for a missing class, conflicting overheads and node selectors.
 */
import { describe, expect, it } from 'vitest';
import { pod, useKubectlServer } from '../harness.test-support.js';

const RUNTIMECLASSES = '/apis/node.k8s.io/v1/runtimeclasses';
const PODS = '/api/v1/namespaces/default/pods';

const GVISOR = `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: gvisor
handler: runsc
overhead:
  podFixed:
    cpu: 250m
    memory: 120Mi
scheduling:
  nodeSelector:
    runtime.example.com/gvisor: "true"
  tolerations:
  - key: sandbox
    operator: Exists
    effect: NoSchedule
`;

const withClass = (name: string, runtimeClassName: string, spec: Record<string, unknown> = {}) => {
  const p = pod(name);
  return { ...p, spec: { ...(p.spec as object), runtimeClassName, ...spec } };
};

describe('RuntimeClass (node.k8s.io/v1) and its admission plugin', () => {
  const cluster = useKubectlServer('kubectl-runtimeclass-');

  it('kubectl apply creates a RuntimeClass and kubectl get shows NAME, HANDLER, AGE', async () => {
    const applied = await cluster.kubectl.exec(['apply', '-f', '-'], { input: GVISOR });
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toBe('runtimeclass.node.k8s.io/gvisor created\n');
    const table = await cluster.kubectl.ok('get', 'runtimeclass');
    expect(table).toMatch(/^NAME\s+HANDLER\s+AGE\ngvisor\s+runsc\s+\d+s\n$/);
    expect(await cluster.kubectl.ok('get', 'runtimeclasses.node.k8s.io', 'gvisor', '-o', 'jsonpath={.overhead}')).toBe(
      '{"podFixed":{"cpu":"250m","memory":"120Mi"}}',
    );
    const explained = await cluster.kubectl.ok('explain', 'runtimeclass.handler');
    expect(explained).toMatch(/GROUP:\s+node\.k8s\.io/);
    expect(explained).toContain('The Handler must be lowercase');
  });

  it("refuses a changed handler with kube's immutable-field message, and updates without resourceVersion", async () => {
    const res = await cluster.kubectl.exec(['apply', '-f', '-'], { input: GVISOR.replace('runsc', 'kata') });
    expect(res.stderr).toContain(
      'The RuntimeClass "gvisor" is invalid: handler: Invalid value: "kata": field is immutable',
    );
    // As kube's runtimeclass strategy: no unconditional update.
    const current = (await cluster.server.req('GET', `${RUNTIMECLASSES}/gvisor`)).body;
    const put = await cluster.server.req('PUT', `${RUNTIMECLASSES}/gvisor`, {
      ...current,
      metadata: { ...current.metadata, resourceVersion: undefined },
    });
    expect(put.status).toBe(422);
    expect(put.body.message).toBe(
      'runtimeclasses.node.k8s.io "gvisor" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
    const invalid = await cluster.server.req('POST', RUNTIMECLASSES, {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: 'nohandler' },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toMatch(
      /^RuntimeClass\.node\.k8s\.io "nohandler" is invalid: handler: Invalid value: "": a lowercase RFC 1123 label/,
    );
  });

  it("gives a pod the class's overhead, node selector and tolerations", async () => {
    const res = await cluster.server.req(
      'POST',
      PODS,
      withClass('sandboxed', 'gvisor', {
        nodeSelector: { disk: 'ssd' },
        tolerations: [{ key: 'sandbox', operator: 'Equal', value: 'x', effect: 'NoSchedule' }],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.spec.overhead).toEqual({ cpu: '250m', memory: '120Mi' });
    expect(res.body.spec.nodeSelector).toEqual({ disk: 'ssd', 'runtime.example.com/gvisor': 'true' });
    // The class's Exists toleration covers the pod's own; DefaultTolerationSeconds then adds its two.
    expect(res.body.spec.tolerations).toEqual([
      { key: 'sandbox', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const same = await cluster.server.req(
      'POST',
      PODS,
      withClass('same', 'gvisor', { overhead: { cpu: '0.25', memory: '120Mi' } }),
    );
    expect(same.status).toBe(201);
  });

  it("refuses a pod naming a missing RuntimeClass with kube's 403", async () => {
    const res = await cluster.server.req('POST', PODS, withClass('lost', 'kata'));
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('Forbidden');
    expect(res.body.message).toBe('pods "lost" is forbidden: pod rejected: RuntimeClass "kata" not found');
    const out = await cluster.kubectl.exec([
      'run',
      'lost',
      '--image=nginx',
      '--overrides={"spec":{"runtimeClassName":"kata"}}',
    ]);
    expect(out.stderr).toBe(
      'Error from server (Forbidden): pods "lost" is forbidden: pod rejected: RuntimeClass "kata" not found\n',
    );
  });

  it("refuses overheads and node selectors that conflict with the class, with kube's messages", async () => {
    const overhead = await cluster.server.req('POST', PODS, withClass('heavy', 'gvisor', { overhead: { cpu: '1' } }));
    expect(overhead.status).toBe(403);
    expect(overhead.body.message).toBe(
      `pods "heavy" is forbidden: pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead`,
    );
    const selector = await cluster.server.req(
      'POST',
      PODS,
      withClass('elsewhere', 'gvisor', { nodeSelector: { 'runtime.example.com/gvisor': 'false' } }),
    );
    expect(selector.status).toBe(403);
    expect(selector.body.message).toBe(
      'pods "elsewhere" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[runtime.example.com/gvisor] = true; pod.spec.nodeSelector[runtime.example.com/gvisor] = false',
    );
    const classless = await cluster.server.req('POST', PODS, {
      ...pod('classless'),
      spec: { ...(pod('x').spec as object), overhead: { cpu: '1' } },
    });
    expect(classless.status).toBe(403);
    expect(classless.body.message).toBe(
      'pods "classless" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead',
    );
  });
});
