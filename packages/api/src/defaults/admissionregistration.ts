/**
 * admissionregistration.k8s.io/v1 defaulting (SetDefaults_ValidatingWebhook, _MutatingWebhook, _Rule,
 * _ServiceReference, _ValidatingAdmissionPolicySpec, _MatchResources).
 */
import { deepClone } from '@wheelhouse/machinery';
import type {
  MatchResources,
  MutatingWebhookConfiguration,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
} from '../schema/admissionregistration-v1.js';

function defaultWebhook(hook: ValidatingWebhook): void {
  hook.failurePolicy ??= 'Fail';
  hook.matchPolicy ??= 'Equivalent';
  hook.namespaceSelector ??= {};
  hook.objectSelector ??= {};
  hook.timeoutSeconds ??= 10;
  for (const rule of hook.rules ?? []) rule.scope ??= '*';
  const service = hook.clientConfig?.service;
  if (service) service.port ??= 443;
}

/**
 * ValidatingWebhookConfiguration: every webhook gets failurePolicy Fail, matchPolicy
 * Equivalent, empty namespace and object selectors, timeoutSeconds 10, rule scope `*` and
 * service port 443. Returns a copy.
 */
export function defaultValidatingWebhookConfiguration(
  c: ValidatingWebhookConfiguration,
): ValidatingWebhookConfiguration {
  const copy = deepClone(c);
  for (const hook of copy.webhooks ?? []) defaultWebhook(hook);
  return copy;
}

/** MutatingWebhookConfiguration: the validating defaults plus reinvocationPolicy Never. Returns a copy. */
export function defaultMutatingWebhookConfiguration(c: MutatingWebhookConfiguration): MutatingWebhookConfiguration {
  const copy = deepClone(c);
  for (const hook of copy.webhooks ?? []) {
    defaultWebhook(hook);
    hook.reinvocationPolicy ??= 'Never';
  }
  return copy;
}

function defaultMatchResources(m: MatchResources | undefined): void {
  if (!m) return;
  m.matchPolicy ??= 'Equivalent';
  m.namespaceSelector ??= {};
  m.objectSelector ??= {};
  for (const rule of [...(m.resourceRules ?? []), ...(m.excludeResourceRules ?? [])]) rule.scope ??= '*';
}

/**
 * ValidatingAdmissionPolicy: failurePolicy Fail; matchConstraints get matchPolicy Equivalent,
 * empty namespace and object selectors and rule scope `*`. Returns a copy.
 */
export function defaultValidatingAdmissionPolicy(p: ValidatingAdmissionPolicy): ValidatingAdmissionPolicy {
  const copy = deepClone(p);
  const spec = (copy.spec ??= {});
  spec.failurePolicy ??= 'Fail';
  defaultMatchResources(spec.matchConstraints);
  return copy;
}

/** ValidatingAdmissionPolicyBinding: matchResources get the policy's match defaults. Returns a copy. */
export function defaultValidatingAdmissionPolicyBinding(
  b: ValidatingAdmissionPolicyBinding,
): ValidatingAdmissionPolicyBinding {
  const copy = deepClone(b);
  defaultMatchResources((copy.spec ??= {}).matchResources);
  return copy;
}
