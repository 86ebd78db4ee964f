/**
 * ValidatingAdmissionPolicy end to end with the real kubectl: the upstream example (at most 5
 * replicas, Deny) refuses `kubectl create deployment --replicas=6` with kube's message; a Warn
 * binding makes kubectl print the warning; a ConfigMap paramKind with a paramRef, and its
 * parameterNotFoundAction Deny once the ConfigMap is gone.
 */
import { describe, expect, it } from 'vitest';
import { useKubectlServer } from '../../harness.test-support.js';

const DEMO = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: demo-policy.example.com
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["deployments"]
  validations:
  - expression: "object.spec.replicas <= 5"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: demo-binding-test.example.com
spec:
  policyName: demo-policy.example.com
  validationActions: [Deny]
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: test
`;

const WARN = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replicas-recommended
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["deployments"]
  validations:
  - expression: "object.spec.replicas >= 2"
    message: "at least 2 replicas are recommended"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replicas-recommended-warn
spec:
  policyName: replicas-recommended
  validationActions: [Warn]
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: warn
`;

const PARAMS = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: max-replicas
spec:
  paramKind:
    apiVersion: v1
    kind: ConfigMap
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["deployments"]
  validations:
  - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
    messageExpression: "'replicas must be at most ' + params.data.maxReplicas"
    reason: Forbidden
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: max-replicas-limits
spec:
  policyName: max-replicas
  validationActions: [Deny]
  paramRef:
    name: replica-limits
    parameterNotFoundAction: Deny
  matchResources:
    namespaceSelector:
      matchLabels:
        environment: params
`;

describe('ValidatingAdmissionPolicy with kubectl', () => {
  const cluster = useKubectlServer('kubectl-vap-');
  const k = () => cluster.kubectl;

  /** A consistent list returns once the watch cache (which admission reads) has caught up. */
  const synced = () => k().ok('get', 'validatingadmissionpolicybindings');

  async function namespace(name: string, environment: string): Promise<void> {
    await k().ok('create', 'namespace', name);
    await k().ok('label', 'namespace', name, `environment=${environment}`);
  }

  it('denies a deployment of 6 replicas with kube message and exit code, and admits 5', async () => {
    await namespace('test', 'test');
    const applied = await k().exec(['apply', '-f', '-'], { input: DEMO });
    expect(applied.stdout).toBe(
      'validatingadmissionpolicy.admissionregistration.k8s.io/demo-policy.example.com created\n' +
        'validatingadmissionpolicybinding.admissionregistration.k8s.io/demo-binding-test.example.com created\n',
    );
    await synced();
    const denied = await k().run('create', 'deployment', 'web', '--image=nginx', '--replicas=6', '-n', 'test');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(
      'error: failed to create deployment: deployments.apps "web" is forbidden: ValidatingAdmissionPolicy ' +
        "'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5\n",
    );
    expect(await k().ok('create', 'deployment', 'web', '--image=nginx', '--replicas=5', '-n', 'test')).toBe(
      'deployment.apps/web created\n',
    );
    // An update of the main resource is checked: kubectl prints the 422 as kube's docs show it.
    const patched = await k().run('patch', 'deployment', 'web', '-n', 'test', '-p', '{"spec":{"replicas":7}}');
    expect(patched.code).toBe(1);
    expect(patched.stderr).toBe(
      'The deployments "web" is invalid: : ValidatingAdmissionPolicy ' +
        "'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5\n",
    );
    // The rule names `deployments`, not `deployments/scale`: the scale subresource is not checked.
    expect(await k().ok('scale', 'deployment', 'web', '--replicas=7', '-n', 'test')).toBe(
      'deployment.apps/web scaled\n',
    );
    // Outside the binding's namespaces the policy does not apply.
    expect(await k().ok('create', 'deployment', 'big', '--image=nginx', '--replicas=6')).toBe(
      'deployment.apps/big created\n',
    );
  });

  it('lists policies and bindings with kube-apiserver columns', async () => {
    expect(await k().ok('get', 'validatingadmissionpolicies')).toMatch(
      /^NAME\s+VALIDATIONS\s+PARAMKIND\s+AGE\ndemo-policy\.example\.com\s+1\s+<unset>\s+\S+\n$/,
    );
    expect(await k().ok('get', 'validatingadmissionpolicybindings')).toMatch(
      /^NAME\s+POLICYNAME\s+PARAMREF\s+AGE\ndemo-binding-test\.example\.com\s+demo-policy\.example\.com\s+<unset>\s+\S+\n$/,
    );
  });

  it('explains the policy fields from the OpenAPI documents', async () => {
    const out = (await k().ok('explain', 'validatingadmissionpolicy.spec.validations')).replace(/\s+/g, ' ');
    expect(out).toContain('KIND: ValidatingAdmissionPolicy');
    expect(out).toContain('FIELD: validations <[]Validation>');
    expect(out).toContain('expression <string>');
    const binding = (await k().ok('explain', 'validatingadmissionpolicybinding.spec')).replace(/\s+/g, ' ');
    expect(binding).toContain('validationActions <[]string>');
  });

  it('prints the warning of a Warn binding and admits the request', async () => {
    await namespace('warned', 'warn');
    await k().exec(['apply', '-f', '-'], { input: WARN });
    await synced();
    const out = await k().run('create', 'deployment', 'solo', '--image=nginx', '--replicas=1', '-n', 'warned');
    expect(out).toEqual({
      code: 0,
      stdout: 'deployment.apps/solo created\n',
      stderr:
        "Warning: Validation failed for ValidatingAdmissionPolicy 'replicas-recommended' with binding " +
        "'replicas-recommended-warn': at least 2 replicas are recommended\n",
    });
  });

  it('reads params from a ConfigMap named by paramRef, and denies once it is gone', async () => {
    await namespace('limited', 'params');
    await k().ok('create', 'configmap', 'replica-limits', '--from-literal=maxReplicas=3', '-n', 'limited');
    await k().exec(['apply', '-f', '-'], { input: PARAMS });
    await synced();
    const denied = await k().run('create', 'deployment', 'four', '--image=nginx', '--replicas=4', '-n', 'limited');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(
      'error: failed to create deployment: deployments.apps "four" is forbidden: ValidatingAdmissionPolicy ' +
        "'max-replicas' with binding 'max-replicas-limits' denied request: replicas must be at most 3\n",
    );
    expect(await k().ok('create', 'deployment', 'three', '--image=nginx', '--replicas=3', '-n', 'limited')).toBe(
      'deployment.apps/three created\n',
    );
    await k().ok('delete', 'configmap', 'replica-limits', '-n', 'limited');
    await k().ok('get', 'configmaps', '-n', 'limited');
    const missing = await k().run('create', 'deployment', 'one', '--image=nginx', '--replicas=1', '-n', 'limited');
    expect(missing.stderr).toBe(
      'error: failed to create deployment: deployments.apps "one" is forbidden: ValidatingAdmissionPolicy ' +
        "'max-replicas' with binding 'max-replicas-limits' denied request: failed to configure binding: " +
        'no params found for policy binding with `Deny` parameterNotFoundAction\n',
    );
  });

  it('refuses a policy whose expression does not compile, as kube-apiserver does', async () => {
    const bad = DEMO.split('---')[0]!
      .replace('demo-policy.example.com', 'broken')
      .replace('object.spec.replicas <= 5', 'object.spec.replicas <=');
    const out = await k().exec(['apply', '-f', '-'], { input: bad });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^The ValidatingAdmissionPolicy "broken" is invalid: spec\.validations\[0\]\.expression: Invalid value: "object\.spec\.replicas <=": compilation failed: ERROR: <input>:1:/,
    );
  });
});
