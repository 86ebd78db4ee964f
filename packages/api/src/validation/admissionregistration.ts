/**
 * admissionregistration.k8s.io/v1 webhook configuration validation (Kubernetes'
 * pkg/apis/admissionregistration/validation), as on create: unique fully-qualified names,
 * rules, policies, sideEffects None or NoneOnDryRun, timeouts, admissionReviewVersions and
 * the client config. matchConditions are checked for names and expressions; their CEL is
 * not compiled.
 */
import { isDNS1035Label, isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type {
  MutatingWebhook,
  MutatingWebhookConfiguration,
  RuleWithOperations,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
  WebhookClientConfig,
} from '../schema/admissionregistration-v1.js';
import { duplicate, goStringList, invalid, notSupported, required, tooMany, type FieldError } from './field-errors.js';
import { parseGoURL } from './go-url.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { validateLabelSelector } from './template.js';

const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
const REINVOCATION_POLICIES = ['IfNeeded', 'Never'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];
const URL_FORM = '; desired format: https://host[/path]';
const MAX_MATCH_CONDITIONS = 64;

/** IsFullyQualifiedName: a DNS subdomain with at least three segments. */
function validateFullyQualifiedName(name: string, field: string): FieldError[] {
  if (name === '') return [required(field)];
  const errs = isDNS1123Subdomain(name);
  if (errs.length > 0) return [invalid(field, name, errs.join(','))];
  if (name.split('.').length < 3)
    return [invalid(field, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

function validateList(values: readonly string[], field: string, noun: string, type = 'string'): FieldError[] {
  const errs: FieldError[] = [];
  if (values.length === 0) errs.push(required(field));
  if (values.length > 1 && values.includes('*'))
    errs.push(invalid(field, goStringList(values, type), `if '*' is present, must not specify other ${noun}`));
  return errs;
}

// A rule's resources (kube's validateResources): `pods/status` names a subresource, and an entry
// that a wildcard entry (`*/*`, `pods/*`, `*/status`, `*`) already covers is refused.
function validateResources(resources: readonly string[], field: string): FieldError[] {
  const errs = resources.length === 0 ? [required(field)] : [];
  const wildcardSub = new Set<string>();
  const wildcardRes = new Set<string>();
  let withoutSub = false;
  resources.forEach((entry, i) => {
    if (entry === '') return void errs.push(required(`${field}[${i}]`));
    const slash = entry.indexOf('/');
    if (slash < 0) return void (withoutSub = entry !== '*');
    const [res, sub] = [entry.slice(0, slash), entry.slice(slash + 1)];
    if (wildcardSub.has(res))
      errs.push(invalid(`${field}[${i}]`, entry, `if '${res}/*' is present, must not specify ${entry}`));
    if (wildcardRes.has(sub))
      errs.push(invalid(`${field}[${i}]`, entry, `if '*/${sub}' is present, must not specify ${entry}`));
    if (sub === '*') wildcardSub.add(res);
    if (res === '*') wildcardRes.add(sub);
  });
  if (resources.length > 1 && resources.includes('*/*'))
    errs.push(invalid(field, goStringList(resources), "if '*/*' is present, must not specify other resources"));
  if (resources.includes('*') && withoutSub)
    errs.push(
      invalid(
        field,
        goStringList(resources),
        "if '*' is present, must not specify other resources without subresources",
      ),
    );
  return errs;
}

/** A webhook or policy rule (kube's validateRuleWithOperations): operations, groups, versions, resources, scope. */
export function validateRule(rule: RuleWithOperations, path: string): FieldError[] {
  const ops = rule.operations ?? [];
  const errs = validateList(ops, `${path}.operations`, 'operations', 'admissionregistration.OperationType');
  ops.forEach((op, i) => {
    if (!OPERATIONS.includes(op)) errs.push(notSupported(`${path}.operations[${i}]`, op, OPERATIONS));
  });
  errs.push(...validateList(rule.apiGroups ?? [], `${path}.apiGroups`, 'API groups'));
  errs.push(...validateList(rule.apiVersions ?? [], `${path}.apiVersions`, 'API versions'));
  (rule.apiVersions ?? []).forEach((v, i) => v === '' && errs.push(required(`${path}.apiVersions[${i}]`)));
  errs.push(...validateResources(rule.resources ?? [], `${path}.resources`));
  if (rule.scope !== undefined && !SCOPES.includes(rule.scope))
    errs.push(notSupported(`${path}.scope`, rule.scope, SCOPES));
  return errs;
}

/** ValidateWebhookURL: url.Parse's error, else an https scheme, a host, no user, fragment or query. */
function validateURL(text: string, field: string): FieldError[] {
  const url = parseGoURL(text);
  if ('error' in url) return [required(field, `url must be a valid URL: ${url.error}${URL_FORM}`)];
  const errs: FieldError[] = [];
  if (url.scheme !== 'https')
    errs.push(invalid(field, url.scheme, `'https' is the only allowed URL scheme${URL_FORM}`));
  if (url.host === '') errs.push(invalid(field, url.host, `host must be specified${URL_FORM}`));
  if (url.user !== undefined) errs.push(invalid(field, url.user, 'user information is not permitted in the URL'));
  if (url.fragment !== '') errs.push(invalid(field, url.fragment, 'fragments are not permitted in the URL'));
  if (url.rawQuery !== '') errs.push(invalid(field, url.rawQuery, 'query parameters are not permitted in the URL'));
  return errs;
}

/** ValidateWebhookService's path check: each segment after the first character a DNS subdomain. */
function validateServicePath(path: string, field: string): FieldError[] {
  if (path === '' || path === '/') return [];
  if (path === '//') return [invalid(field, path, 'segment[0] may not be empty')];
  const errs = path.startsWith('/') ? [] : [invalid(field, path, "must start with a '/'")];
  const segments = path.slice(1).replace(/\/$/, '').split('/');
  segments.forEach((s, i) => {
    if (s === '') errs.push(invalid(field, path, `segment[${i}] may not be empty`));
    else errs.push(...isDNS1123Subdomain(s).map((m) => invalid(field, path, `segment[${i}]: ${m}`)));
  });
  return errs;
}

function validateClientConfig(cc: WebhookClientConfig | undefined, path: string): FieldError[] {
  const url = cc?.url;
  const service = cc?.service;
  if ((url === undefined) === (service === undefined))
    return [required(`${path}.clientConfig`, 'exactly one of url or service is required')];
  if (url !== undefined) return validateURL(url, `${path}.clientConfig.url`);
  const field = `${path}.clientConfig.service`;
  const errs: FieldError[] = [];
  if (!service?.name) errs.push(required(`${field}.name`, 'service name is required'));
  if (!service?.namespace) errs.push(required(`${field}.namespace`, 'service namespace is required'));
  const port = service?.port ?? 443;
  if (port < 1 || port > 65535)
    errs.push(invalid(`${field}.port`, port, 'port is not valid: must be between 1 and 65535, inclusive'));
  if (service?.path !== undefined) errs.push(...validateServicePath(service.path, `${field}.path`));
  return errs;
}

function validateMatchConditions(hook: ValidatingWebhook, path: string): FieldError[] {
  const conditions = hook.matchConditions ?? [];
  const errs: FieldError[] = [];
  if (conditions.length > MAX_MATCH_CONDITIONS)
    errs.push(tooMany(`${path}.matchConditions`, conditions.length, MAX_MATCH_CONDITIONS));
  const names = new Set<string>();
  conditions.forEach((c, i) => {
    const p = `${path}.matchConditions[${i}]`;
    const name = c.name ?? '';
    if (name === '') errs.push(required(`${p}.name`));
    else errs.push(...isQualifiedName(name).map((m) => invalid(`${p}.name`, name, m)));
    if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
    names.add(name);
    if (!c.expression) errs.push(required(`${p}.expression`));
  });
  return errs;
}

function checkOne(value: string | undefined, allowed: readonly string[], field: string): FieldError[] {
  return value !== undefined && !allowed.includes(value) ? [notSupported(field, value, allowed)] : [];
}

function validateWebhook(hook: ValidatingWebhook, path: string): FieldError[] {
  const errs = validateFullyQualifiedName(hook.name ?? '', `${path}.name`);
  (hook.rules ?? []).forEach((r, i) => errs.push(...validateRule(r, `${path}.rules[${i}]`)));
  errs.push(...checkOne(hook.failurePolicy, FAILURE_POLICIES, `${path}.failurePolicy`));
  errs.push(...checkOne(hook.matchPolicy, MATCH_POLICIES, `${path}.matchPolicy`));
  if (hook.sideEffects === undefined)
    errs.push(required(`${path}.sideEffects`, `must specify one of ${SIDE_EFFECTS.join(', ')}`));
  errs.push(...checkOne(hook.sideEffects, SIDE_EFFECTS, `${path}.sideEffects`));
  const timeout = hook.timeoutSeconds;
  if (timeout !== undefined && (timeout > 30 || timeout < 1))
    errs.push(invalid(`${path}.timeoutSeconds`, timeout, 'the timeout value must be between 1 and 30 seconds'));
  errs.push(...validateLabelSelector(hook.namespaceSelector, `${path}.namespaceSelector`));
  errs.push(...validateLabelSelector(hook.objectSelector, `${path}.objectSelector`));
  return errs;
}

function validateReviewVersions(versions: readonly string[], field: string): FieldError[] {
  if (versions.length === 0) return [required(field, `must specify one of ${REVIEW_VERSIONS.join(', ')}`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (seen.has(v)) return void errs.push(invalid(`${field}[${i}]`, v, 'duplicate version'));
    seen.add(v);
    errs.push(...isDNS1035Label(v).map((m) => invalid(`${field}[${i}]`, v, m)));
  });
  if (!versions.some((v) => REVIEW_VERSIONS.includes(v)))
    errs.push(invalid(field, goStringList(versions), `must include at least one of ${REVIEW_VERSIONS.join(', ')}`));
  return errs;
}

function validateConfiguration(
  meta: ValidatingWebhookConfiguration['metadata'],
  hooks: readonly (ValidatingWebhook | MutatingWebhook)[],
  extra: (hook: MutatingWebhook, path: string) => FieldError[],
): FieldError[] {
  const errs = validateObjectMeta(meta, false, nameIsDNSSubdomain);
  const names = new Set<string>();
  hooks.forEach((hook, i) => {
    const path = `webhooks[${i}]`;
    errs.push(...validateWebhook(hook, path), ...extra(hook, path));
    errs.push(...validateClientConfig(hook.clientConfig, path), ...validateMatchConditions(hook, path));
    errs.push(...validateReviewVersions(hook.admissionReviewVersions ?? [], `${path}.admissionReviewVersions`));
    const name = hook.name ?? '';
    if (name !== '' && names.has(name)) errs.push(duplicate(`${path}.name`, name));
    names.add(name);
  });
  return errs;
}

const none = (): FieldError[] => [];
const reinvocation = (hook: MutatingWebhook, path: string): FieldError[] =>
  checkOne(hook.reinvocationPolicy, REINVOCATION_POLICIES, `${path}.reinvocationPolicy`);

/** Validates a ValidatingWebhookConfiguration on create. */
export function validateValidatingWebhookConfiguration(c: ValidatingWebhookConfiguration): FieldError[] {
  return validateConfiguration(c.metadata, c.webhooks ?? [], none);
}

/** Validates a ValidatingWebhookConfiguration update: metadata update rules plus the webhooks as on create. */
export function validateValidatingWebhookConfigurationUpdate(
  next: ValidatingWebhookConfiguration,
  old: ValidatingWebhookConfiguration,
): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateValidatingWebhookConfiguration(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
}

/** Validates a MutatingWebhookConfiguration on create (the validating checks plus reinvocationPolicy). */
export function validateMutatingWebhookConfiguration(c: MutatingWebhookConfiguration): FieldError[] {
  return validateConfiguration(c.metadata, c.webhooks ?? [], reinvocation);
}

/** Validates a MutatingWebhookConfiguration update: metadata update rules plus the webhooks as on create. */
export function validateMutatingWebhookConfigurationUpdate(
  next: MutatingWebhookConfiguration,
  old: MutatingWebhookConfiguration,
): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateMutatingWebhookConfiguration(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
}
