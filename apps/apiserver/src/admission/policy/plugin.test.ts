/**
 * The ValidatingAdmissionPolicy plugin over HTTP: status codes from the validation's reason,
 * DELETE and UPDATE requests with `oldObject` and `request`, failurePolicy Ignore, warnings
 * on a refusal, bindings taking effect and ceasing to as they are created and deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness.test-support.js';

const ADM = '/apis/admissionregistration.k8s.io/v1';
const CM = '/api/v1/namespaces/default/configmaps';

function policy(name: string, validations: unknown[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE', 'DELETE'],
            resources: ['configmaps'],
          },
        ],
        objectSelector: { matchLabels: { policy: name } },
      },
      validations,
      ...extra,
    },
  };
}

function binding(name: string, actions: string[]) {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: { policyName: name, validationActions: actions },
  };
}

const configMap = (name: string, label: string, data: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels: { policy: label } },
  data,
});

describe('ValidatingAdmissionPolicy admission', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Creates a policy and its binding, then waits (consistent list) for the watch cache admission reads. */
  async function install(p: ReturnType<typeof policy>, actions: string[]) {
    expect((await t.req('POST', `${ADM}/validatingadmissionpolicies`, p)).status).toBe(201);
    expect(
      (await t.req('POST', `${ADM}/validatingadmissionpolicybindings`, binding(p.metadata.name, actions))).status,
    ).toBe(201);
    await t.req('GET', `${ADM}/validatingadmissionpolicybindings`);
  }

  it('answers with the status code of the validation reason, with kube message and cause', async () => {
    await install(
      policy('forbid', [{ expression: '!has(object.data.secret)', reason: 'Forbidden', message: 'no secrets' }]),
      ['Deny'],
    );
    const res = await t.req('POST', CM, configMap('a', 'forbid', { secret: 'x' }));
    const message = `configmaps "a" is forbidden: ValidatingAdmissionPolicy 'forbid' with binding 'forbid' denied request: no secrets`;
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message,
      details: {
        name: 'a',
        kind: 'configmaps',
        causes: [{ message: "ValidatingAdmissionPolicy 'forbid' with binding 'forbid' denied request: no secrets" }],
      },
    });
    expect((await t.req('POST', CM, configMap('b', 'forbid', { ok: 'x' }))).status).toBe(201);
  });

  it('checks updates against oldObject and deletes with request.operation', async () => {
    await install(
      policy('frozen', [
        { expression: "request.operation != 'UPDATE' || object.data == oldObject.data", message: 'data is frozen' },
        { expression: "request.operation != 'DELETE' || oldObject.metadata.name != 'keep'", message: 'keep stays' },
      ]),
      ['Deny'],
    );
    expect((await t.req('POST', CM, configMap('keep', 'frozen', { v: '1' }))).status).toBe(201);
    const changed = await t.req('PUT', `${CM}/keep`, configMap('keep', 'frozen', { v: '2' }));
    expect(changed.status).toBe(422);
    expect(changed.body.message).toBe(
      `configmaps "keep" is forbidden: ValidatingAdmissionPolicy 'frozen' with binding 'frozen' denied request: data is frozen`,
    );
    const deleted = await t.req('DELETE', `${CM}/keep`);
    expect(deleted.status).toBe(422);
    expect(deleted.body.message).toContain('denied request: keep stays');
    expect((await t.req('GET', `${CM}/keep`)).status).toBe(200);
  });

  it('follows failurePolicy on evaluation errors: Fail refuses with the error, Ignore admits', async () => {
    await install(policy('fails', [{ expression: 'object.data.missing == "x"' }]), ['Deny']);
    const res = await t.req('POST', CM, configMap('c', 'fails'));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      `configmaps "c" is forbidden: ValidatingAdmissionPolicy 'fails' with binding 'fails' denied request: ` +
        `expression 'object.data.missing == "x"' resulted in error: no such key: missing`,
    );
    await install(policy('ignores', [{ expression: 'object.data.missing == "x"' }], { failurePolicy: 'Ignore' }), [
      'Deny',
    ]);
    expect((await t.req('POST', CM, configMap('d', 'ignores'))).status).toBe(201);
  });

  it('sends Warn warnings as Warning headers, also when another binding denies', async () => {
    await install(policy('warns', [{ expression: 'false', message: 'looked at' }]), ['Warn', 'Audit']);
    const ok = await t.req('POST', CM, configMap('e', 'warns'));
    expect(ok.status).toBe(201);
    expect(ok.headers.get('warning')).toBe(
      `299 - "Validation failed for ValidatingAdmissionPolicy 'warns' with binding 'warns': looked at"`,
    );
    const deny = { ...binding('warns', ['Deny']), metadata: { name: 'warns-deny' } };
    expect((await t.req('POST', `${ADM}/validatingadmissionpolicybindings`, deny)).status).toBe(201);
    await t.req('GET', `${ADM}/validatingadmissionpolicybindings`);
    const refused = await t.req('POST', CM, configMap('e2', 'warns'));
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain("with binding 'warns-deny' denied request: looked at");
    expect(refused.headers.get('warning')).toBe(ok.headers.get('warning'));
  });

  it('stops denying once the binding is deleted', async () => {
    await install(policy('gone', [{ expression: 'false' }]), ['Deny']);
    expect((await t.req('POST', CM, configMap('f', 'gone'))).status).toBe(422);
    expect((await t.req('DELETE', `${ADM}/validatingadmissionpolicybindings/gone`)).status).toBe(200);
    await t.req('GET', `${ADM}/validatingadmissionpolicybindings`);
    expect((await t.req('POST', CM, configMap('f', 'gone'))).status).toBe(201);
  });

  it('applies a policy change at once (recompiled for its new generation)', async () => {
    await install(policy('changes', [{ expression: "object.data.v != '1'", message: 'no ones' }]), ['Deny']);
    expect((await t.req('POST', CM, configMap('g', 'changes', { v: '1' }))).status).toBe(422);
    const stored = (await t.req('GET', `${ADM}/validatingadmissionpolicies/changes`)).body;
    const changed = { ...stored, spec: { ...stored.spec, validations: [{ expression: "object.data.v != '2'" }] } };
    expect((await t.req('PUT', `${ADM}/validatingadmissionpolicies/changes`, changed)).status).toBe(200);
    await t.req('GET', `${ADM}/validatingadmissionpolicies`);
    expect((await t.req('POST', CM, configMap('g', 'changes', { v: '1' }))).status).toBe(201);
    const refused = await t.req('POST', CM, configMap('h', 'changes', { v: '2' }));
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain(`denied request: failed expression: object.data.v != '2'`);
  });

  it("gives a Namespace's update and delete the namespace's own name as request.namespace, as kube", async () => {
    const rule = { apiGroups: [''], apiVersions: ['v1'], operations: ['*'], resources: ['namespaces'] };
    const seen = policy(
      'ns-requests',
      [
        {
          expression:
            "request.operation == 'CREATE' ? !has(request.namespace) : request.namespace == oldObject.metadata.name",
        },
      ],
      { matchConstraints: { resourceRules: [rule], objectSelector: { matchLabels: { policy: 'ns-requests' } } } },
    );
    await install(seen, ['Deny']);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vap-ns', labels: { policy: 'ns-requests' } } };
    expect((await t.req('POST', '/api/v1/namespaces', ns)).status).toBe(201);
    const relabelled = { ...ns, metadata: { ...ns.metadata, labels: { policy: 'ns-requests', more: 'x' } } };
    expect((await t.req('PUT', '/api/v1/namespaces/vap-ns', relabelled)).status).toBe(200);
    expect((await t.req('DELETE', '/api/v1/namespaces/vap-ns')).status).toBe(200);
  });

  it('admits the delete of a Namespace, which has its own deletion', async () => {
    const rule = { apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['namespaces'] };
    const keep = policy('ns-kept', [{ expression: 'false', message: 'kept' }], {
      matchConstraints: { resourceRules: [rule], objectSelector: { matchLabels: { policy: 'ns-kept' } } },
    });
    await install(keep, ['Deny']);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vap-kept', labels: { policy: 'ns-kept' } } };
    expect((await t.req('POST', '/api/v1/namespaces', ns)).status).toBe(201);
    const refused = await t.req('DELETE', '/api/v1/namespaces/vap-kept');
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe(
      `namespaces "vap-kept" is forbidden: ValidatingAdmissionPolicy 'ns-kept' with binding 'ns-kept' denied request: kept`,
    );
    const stored = await t.req('GET', '/api/v1/namespaces/vap-kept');
    expect(stored.body.metadata.deletionTimestamp).toBeUndefined();
  });

  it('leaves empty omitempty fields out of request, as kube converts the AdmissionRequest', async () => {
    await install(
      policy('request-shape', [
        {
          expression:
            "!has(request.subResource) && request.userInfo.username == 'system:anonymous' && request.uid == '' && " +
            "request.name == object.metadata.name && request.namespace == 'default' && " +
            "request.requestResource.resource == 'configmaps' && request.options.kind == 'CreateOptions'",
        },
      ]),
      ['Deny'],
    );
    expect((await t.req('POST', CM, configMap('shape', 'request-shape'))).status).toBe(201);
  });

  it('checks webhook configurations but never the policies and bindings themselves, as kube', async () => {
    const anything = {
      apiGroups: ['admissionregistration.k8s.io'],
      apiVersions: ['*'],
      operations: ['*'],
      resources: ['*'],
    };
    const all = policy('all-admission', [{ expression: 'false', message: 'no' }], {
      matchConstraints: { resourceRules: [anything] },
    });
    await install(all, ['Deny']);
    const hook = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'hooks' },
      webhooks: [],
    };
    const refused = await t.req('POST', `${ADM}/validatingwebhookconfigurations`, hook);
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain("ValidatingAdmissionPolicy 'all-admission' with binding 'all-admission'");
    expect((await t.req('DELETE', `${ADM}/validatingadmissionpolicybindings/all-admission`)).status).toBe(200);
    expect((await t.req('DELETE', `${ADM}/validatingadmissionpolicies/all-admission`)).status).toBe(200);
  });

  it('checks custom resources, through another served version with matchPolicy Equivalent', async () => {
    const version = (name: string, storage: boolean) => ({
      name,
      served: true,
      storage,
      schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    });
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
        versions: [version('v1', true), version('v1beta1', false)],
      },
    };
    expect((await t.req('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status).toBe(201);
    // The CRD is served once its controller has caught up: wait for it (a real condition, not a delay).
    for (let i = 0; i < 50 && (await t.req('GET', '/apis/example.com/v1beta1/gadgets')).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
    const rule = { apiGroups: ['example.com'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['gadgets'] };
    await install(
      policy(
        'small-gadgets',
        [{ expression: "object.size <= 3 && namespaceObject.metadata.name == 'default'", message: 'too big' }],
        { matchConstraints: { resourceRules: [rule] } },
      ),
      ['Deny'],
    );
    const gadget = (name: string, size: number) => ({
      apiVersion: 'example.com/v1beta1',
      kind: 'Gadget',
      metadata: { name },
      size,
    });
    const refused = await t.req('POST', '/apis/example.com/v1beta1/namespaces/default/gadgets', gadget('big', 4));
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe(
      `gadgets.example.com "big" is forbidden: ValidatingAdmissionPolicy 'small-gadgets' with binding 'small-gadgets' denied request: too big`,
    );
    expect(
      (await t.req('POST', '/apis/example.com/v1beta1/namespaces/default/gadgets', gadget('small', 3))).status,
    ).toBe(201);
  });

  it('serves the policy with defaults, generation and the status subresource', async () => {
    const res = await t.req('GET', `${ADM}/validatingadmissionpolicies/gone`);
    expect(res.body.metadata.generation).toBe(1);
    expect(res.body.spec).toMatchObject({
      failurePolicy: 'Fail',
      matchConstraints: { matchPolicy: 'Equivalent', namespaceSelector: {}, resourceRules: [{ scope: '*' }] },
    });
    const status = await t.req('PUT', `${ADM}/validatingadmissionpolicies/gone/status`, {
      ...res.body,
      status: { observedGeneration: 1 },
    });
    expect(status.status).toBe(200);
    expect(status.body.status).toEqual({ observedGeneration: 1 });
  });
});
