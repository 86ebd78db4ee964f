/** networking.k8s.io/v1 validation (Kubernetes' pkg/apis/networking/validation), with its field errors and texts. */
import { isIP } from 'node:net';
import {
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  maxLenError,
  nameIsDNSSubdomain,
  regexError,
} from '@wheelhouse/machinery';
import type { TypedLocalObjectReference } from '../schema/core-v1-reference.js';
import type { LabelSelector } from '../schema/meta-v1.js';
import type {
  HTTPIngressPath,
  Ingress,
  IngressBackend,
  IngressClass,
  IngressRule,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from '../schema/networking-v1.js';
import { forbidden, goStringList, invalid, notSupported, required, tooLong, type FieldError } from './field-errors.js';
import { parseIPBytes } from './ip.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isValidPathSegmentName, isValidPortName, isValidPortNum } from './strings.js';
import { validateLabelSelector } from './template.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const MAX_CONTROLLER_LENGTH = 250;
const WILDCARD_FMT = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

/** IsWildcardDNS1123Subdomain: `*.` followed by a DNS subdomain. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!new RegExp(`^${WILDCARD_FMT}$`).test(value)) errs.push(regexError(WILDCARD_MSG, WILDCARD_FMT, '*.example.com'));
  return errs;
}

/** IsDomainPrefixedPath: `<dns subdomain>/<http path>` (an IngressClass controller, `example.com/ingress`). */
export function validateDomainPrefixedPath(value: string, field: string): FieldError[] {
  if (value === '') return [required(field)];
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1)
    return [invalid(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = value.slice(0, slash);
  const path = value.slice(slash + 1);
  const errs = isDNS1123Subdomain(host).map((m) => invalid(field, host, m));
  if (!new RegExp(`^${HTTP_PATH_FMT}$`).test(path))
    errs.push(invalid(field, path, regexError('must be a valid path', HTTP_PATH_FMT)));
  return errs;
}

function hostErrors(host: string, field: string): FieldError[] {
  const check = host.includes('*') ? isWildcardDNS1123Subdomain : isDNS1123Subdomain;
  return check(host).map((m) => invalid(field, host, m));
}

function validateTypedReference(ref: TypedLocalObjectReference, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (ref.apiGroup !== undefined)
    errs.push(...isDNS1123Subdomain(ref.apiGroup).map((m) => invalid(`${path}.apiGroup`, ref.apiGroup, m)));
  for (const key of ['kind', 'name'] as const) {
    const value = ref[key] ?? '';
    if (value === '') errs.push(required(`${path}.${key}`, `${key} is required`));
    else errs.push(...isValidPathSegmentName(value).map((m) => invalid(`${path}.${key}`, value, m)));
  }
  return errs;
}

function validateServicePort(backend: IngressBackend, path: string): FieldError[] {
  const port = backend.service?.port ?? {};
  const name = port.name ?? '';
  const number = port.number ?? 0;
  if (name !== '' && number !== 0) return [invalid(path, '', 'cannot set both port name & port number')];
  if (name !== '') return isValidPortName(name).map((m) => invalid(`${path}.service.port.name`, name, m));
  if (number !== 0) return isValidPortNum(number).map((m) => invalid(`${path}.service.port.number`, number, m));
  return [required(path, 'port name or number is required')];
}

function validateBackend(backend: IngressBackend | undefined, path: string): FieldError[] {
  const b = backend ?? {};
  if (b.resource && b.service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (b.resource) return validateTypedReference(b.resource, `${path}.resource`);
  if (!b.service) return [invalid(path, '', 'resource or service backend is required')];
  const name = b.service.name ?? '';
  const errs =
    name === ''
      ? [required(`${path}.service.name`)]
      : isDNS1035Label(name).map((m) => invalid(`${path}.service.name`, name, m));
  return [...errs, ...validateServicePort(b, path)];
}

function validatePathValue(p: HTTPIngressPath, field: string): FieldError[] {
  const value = p.path ?? '';
  if (p.pathType === 'ImplementationSpecific')
    return value !== '' && !value.startsWith('/') ? [invalid(field, value, 'must be an absolute path')] : [];
  const errs = value.startsWith('/') ? [] : [invalid(field, value, 'must be an absolute path')];
  for (const seq of INVALID_PATH_SEQUENCES)
    if (value.includes(seq)) errs.push(invalid(field, value, `must not contain '${seq}'`));
  for (const suffix of INVALID_PATH_SUFFIXES)
    if (value.endsWith(suffix)) errs.push(invalid(field, value, `cannot end with '${suffix}'`));
  return errs;
}

function validatePath(p: HTTPIngressPath, path: string): FieldError[] {
  if (p.pathType === undefined) return [required(`${path}.pathType`, 'pathType must be specified')];
  const errs = PATH_TYPES.includes(p.pathType)
    ? validatePathValue(p, `${path}.path`)
    : [notSupported(`${path}.pathType`, p.pathType, PATH_TYPES)];
  return [...errs, ...validateBackend(p.backend, `${path}.backend`)];
}

function validateRule(rule: IngressRule, path: string): FieldError[] {
  const host = rule.host ?? '';
  const errs: FieldError[] = [];
  if (host !== '') {
    if (isIP(host) !== 0) errs.push(invalid(`${path}.host`, host, 'must be a DNS name, not an IP address'));
    errs.push(...hostErrors(host, `${path}.host`));
  }
  if (rule.http) {
    const paths = rule.http.paths ?? [];
    if (paths.length === 0) errs.push(required(`${path}.http.paths`));
    paths.forEach((p, i) => errs.push(...validatePath(p, `${path}.http.paths[${i}]`)));
  }
  return errs;
}

function validateTLS(ingress: Ingress): FieldError[] {
  return (ingress.spec?.tls ?? []).flatMap((tls, t) => {
    const errs = (tls.hosts ?? []).flatMap((h, i) => hostErrors(h, `spec.tls[${t}].hosts[${i}]`));
    const secret = tls.secretName ?? '';
    if (secret !== '')
      errs.push(...nameIsDNSSubdomain(secret).map((m) => invalid(`spec.tls[${t}].secretName`, secret, m)));
    return errs;
  });
}

function validateIngressSpec(ingress: Ingress): FieldError[] {
  const spec = ingress.spec ?? {};
  const rules = spec.rules ?? [];
  const errs: FieldError[] = [];
  if (rules.length === 0 && spec.defaultBackend === undefined) {
    const value = { goSyntax: spec.rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)' };
    errs.push(invalid('spec', value, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (spec.defaultBackend !== undefined) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => errs.push(...validateRule(rule, `spec.rules[${i}]`)));
  errs.push(...validateTLS(ingress));
  const cls = spec.ingressClassName;
  if (cls !== undefined) errs.push(...nameIsDNSSubdomain(cls).map((m) => invalid('spec.ingressClassName', cls, m)));
  return errs;
}

/**
 * Validates an Ingress on create: name, rules (hosts, paths with pathType, backends),
 * TLS, ingressClassName, and the legacy `kubernetes.io/ingress.class` annotation matching
 * ingressClassName when both are set.
 */
export function validateIngress(ingress: Ingress): FieldError[] {
  const errs = [...validateObjectMeta(ingress.metadata, true, nameIsDNSSubdomain), ...validateIngressSpec(ingress)];
  const annotation = ingress.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION];
  const cls = ingress.spec?.ingressClassName;
  if (annotation !== undefined && cls !== undefined && annotation !== cls) {
    errs.push(
      invalid(
        `annotations.${INGRESS_CLASS_ANNOTATION}`,
        annotation,
        'must match `ingressClassName` when both are specified',
      ),
    );
  }
  return errs;
}

/** Validates an Ingress update: metadata update rules plus the spec as on create. */
export function validateIngressUpdate(next: Ingress, old: Ingress): FieldError[] {
  return [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateIngressSpec(next)];
}

function validateParameters(ic: IngressClass): FieldError[] {
  const params = ic.spec?.parameters;
  if (params === undefined) return [];
  const path = 'spec.parameters';
  const errs = validateTypedReference(params, path);
  if (params.scope === undefined) return [...errs, required(`${path}.scope`)];
  if (params.scope !== 'Cluster' && params.scope !== 'Namespace')
    return [...errs, notSupported(`${path}.scope`, params.scope, ['Cluster', 'Namespace'])];
  if (params.scope === 'Namespace') {
    if (params.namespace === undefined)
      errs.push(required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else errs.push(...isDNS1123Label(params.namespace).map((m) => invalid(`${path}.namespace`, params.namespace, m)));
  } else if (params.namespace !== undefined) {
    errs.push(forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

function validateIngressClassSpec(ic: IngressClass): FieldError[] {
  const controller = ic.spec?.controller ?? '';
  const errs: FieldError[] = [];
  if (Buffer.byteLength(controller) > MAX_CONTROLLER_LENGTH)
    errs.push(tooLong('spec.controller', MAX_CONTROLLER_LENGTH));
  errs.push(...validateDomainPrefixedPath(controller, 'spec.controller'));
  return [...errs, ...validateParameters(ic)];
}

/** Validates an IngressClass on create: a DNS-subdomain name, a domain-prefixed controller, parameters. */
export function validateIngressClass(ic: IngressClass): FieldError[] {
  return [...validateObjectMeta(ic.metadata, false, nameIsDNSSubdomain), ...validateIngressClassSpec(ic)];
}

/** Validates an IngressClass update: spec.controller is immutable. */
export function validateIngressClassUpdate(next: IngressClass, old: IngressClass): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, old.metadata);
  const controller = next.spec?.controller ?? '';
  if (controller !== (old.spec?.controller ?? ''))
    errs.push(invalid('spec.controller', controller, 'field is immutable'));
  return [...errs, ...validateIngressClassSpec(next)];
}

function validatePolicyPort(port: NetworkPolicyPort, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol))
    errs.push(notSupported(`${path}.protocol`, port.protocol, ['TCP', 'UDP', 'SCTP']));
  const { port: value, endPort } = port;
  if (value === undefined) {
    if (endPort !== undefined)
      errs.push(invalid(`${path}.endPort`, endPort, 'may not be specified when `port` is not specified'));
  } else if (typeof value === 'number') {
    errs.push(...isValidPortNum(value).map((m) => invalid(`${path}.port`, value, m)));
    if (endPort !== undefined) {
      if (endPort < value) errs.push(invalid(`${path}.endPort`, value, 'must be greater than or equal to `port`'));
      errs.push(...isValidPortNum(endPort).map((m) => invalid(`${path}.endPort`, endPort, m)));
    }
  } else {
    if (endPort !== undefined)
      errs.push(invalid(`${path}.endPort`, endPort, 'may not be specified when `port` is non-numeric'));
    errs.push(...isValidPortName(value).map((m) => invalid(`${path}.port`, value, m)));
  }
  return errs;
}

/** An IPv4 or IPv6 CIDR as its address width, network (as a bigint) and prefix length; undefined when malformed. */
function parseCIDR(cidr: string): { bits: number; net: bigint; prefix: number } | undefined {
  const [ip = '', len = '', extra] = cidr.split('/');
  const bytes = parseIPBytes(ip);
  if (!bytes || extra !== undefined || !/^\d+$/.test(len)) return undefined;
  const bits = bytes.length * 8;
  const prefix = Number(len);
  if (prefix > bits) return undefined;
  const value = bytes.reduce((n, b) => (n << 8n) + BigInt(b), 0n);
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { bits, net: value & mask, prefix };
}

function validateIPBlock(block: { cidr?: string | undefined; except?: string[] | undefined }, path: string) {
  const cidr = block.cidr ?? '';
  if (cidr === '') return [required(`${path}.cidr`)];
  const parsed = parseCIDR(cidr);
  if (!parsed) return [invalid(`${path}.cidr`, cidr, 'not a valid CIDR')];
  const errs: FieldError[] = [];
  for (const [i, text] of (block.except ?? []).entries()) {
    const except = parseCIDR(text);
    if (!except) return [...errs, invalid(`${path}.except[${i}]`, text, 'not a valid CIDR')];
    const shift = BigInt(parsed.bits - parsed.prefix);
    const contained = except.bits === parsed.bits && except.net >> shift === parsed.net >> shift;
    if (!contained || parsed.prefix >= except.prefix)
      errs.push(invalid(`${path}.except[${i}]`, text, 'must be a strict subset of `cidr`'));
  }
  return errs;
}

function validatePeer(peer: NetworkPolicyPeer, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const key of ['podSelector', 'namespaceSelector'] as const) {
    const selector: LabelSelector | undefined = peer[key];
    if (selector === undefined) continue;
    count++;
    errs.push(...validateLabelSelector(selector, `${path}.${key}`));
  }
  if (peer.ipBlock !== undefined) {
    count++;
    errs.push(...validateIPBlock(peer.ipBlock, `${path}.ipBlock`));
  }
  if (count === 0) errs.push(required(path, 'must specify a peer'));
  else if (count > 1 && peer.ipBlock !== undefined)
    errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

function validatePolicyTypes(types: readonly string[]): FieldError[] {
  if (types.length > 2) {
    const value = goStringList(types, 'networking.PolicyType');
    return [invalid('spec.policyTypes', value, 'may not specify more than two policyTypes')];
  }
  return types.flatMap((t, i) =>
    t === 'Ingress' || t === 'Egress' ? [] : [notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress'])],
  );
}

function validateNetworkPolicySpec(np: NetworkPolicy): FieldError[] {
  const spec = np.spec ?? {};
  const errs = validateLabelSelector(spec.podSelector, 'spec.podSelector');
  (spec.ingress ?? []).forEach((rule, r) => {
    (rule.ports ?? []).forEach((p, i) => errs.push(...validatePolicyPort(p, `spec.ingress[${r}].ports[${i}]`)));
    (rule.from ?? []).forEach((p, i) => errs.push(...validatePeer(p, `spec.ingress[${r}].from[${i}]`)));
  });
  (spec.egress ?? []).forEach((rule, r) => {
    (rule.ports ?? []).forEach((p, i) => errs.push(...validatePolicyPort(p, `spec.egress[${r}].ports[${i}]`)));
    (rule.to ?? []).forEach((p, i) => errs.push(...validatePeer(p, `spec.egress[${r}].to[${i}]`)));
  });
  return [...errs, ...validatePolicyTypes(spec.policyTypes ?? [])];
}

/** Validates a NetworkPolicy on create: name, selectors, ports, peers (ipBlock CIDRs) and policyTypes. */
export function validateNetworkPolicy(np: NetworkPolicy): FieldError[] {
  return [...validateObjectMeta(np.metadata, true, nameIsDNSSubdomain), ...validateNetworkPolicySpec(np)];
}

/** Validates a NetworkPolicy update: metadata update rules plus the spec as on create. */
export function validateNetworkPolicyUpdate(next: NetworkPolicy, old: NetworkPolicy): FieldError[] {
  return [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateNetworkPolicySpec(next)];
}
