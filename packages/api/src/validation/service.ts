/** core/v1 Service and Endpoints validation. */
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNS1035Label, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { Endpoints, Service, ServicePort } from '../schema/core-v1-service.js';
import {
  duplicate,
  forbidden,
  goStringList,
  invalid,
  notSupported,
  required,
  type FieldError,
} from './field-errors.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isValidPortName, isValidPortNum } from './strings.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const KUBELET_PORT = 10250;

function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

function validateTargetPort(target: number | string | undefined, field: string): FieldError[] {
  if (target === undefined) return [];
  if (typeof target === 'number') return isValidPortNum(target).map((m) => invalid(field, target, m));
  return isValidPortName(target).map((m) => invalid(field, target, m));
}

function validateServicePort(port: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !port.name) errs.push(required(`${path}.name`));
  else if (port.name) {
    errs.push(...isDNS1123Label(port.name).map((m) => invalid(`${path}.name`, port.name ?? '', m)));
    if (names.has(port.name)) errs.push(duplicate(`${path}.name`, port.name));
    names.add(port.name);
  }
  errs.push(...isValidPortNum(port.port ?? 0).map((m) => invalid(`${path}.port`, port.port ?? 0, m)));
  if (!port.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  errs.push(...validateTargetPort(port.targetPort, `${path}.targetPort`));
  return errs;
}

function goServicePortKey(port: ServicePort): { goSyntax: string } {
  return {
    goSyntax: `core.ServicePort{Name:"", Protocol:${JSON.stringify(port.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${port.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  };
}

function validatePortSet(svc: Service): FieldError[] {
  const ports = svc.spec?.ports ?? [];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  const seen = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (svc.spec?.type === 'ClusterIP' && p.nodePort)
      errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    const nodeKey = `${p.protocol}/${p.nodePort}`;
    if (p.nodePort && nodePorts.has(nodeKey)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    if (p.nodePort) nodePorts.add(nodeKey);
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(duplicate(`spec.ports[${i}]`, goServicePortKey(p)));
    seen.add(key);
  });
  return errs;
}

function validateByType(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  if ((spec.ports ?? []).length === 0 && !isHeadless(svc) && spec.type !== 'ExternalName')
    errs.push(required('spec.ports'));
  if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') {
    if (isHeadless(svc))
      errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === 'LoadBalancer') {
    (spec.ports ?? []).forEach((p, i) => {
      if (p.port === KUBELET_PORT)
        errs.push(
          invalid(
            `spec.ports[${i}]`,
            p.port,
            `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`,
          ),
        );
    });
  }
  if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs ?? []).length > 0)
      errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if ((spec.ipFamilies ?? []).length > 0)
      errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined)
      errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname === '') errs.push(required('spec.externalName'));
    else errs.push(...isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', cname, m)));
  }
  return errs;
}

/** Validates a Service on create (names are RFC 1035 labels). */
export function validateService(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const errs = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label);
  errs.push(...validateByType(svc));
  errs.push(...validatePortSet(svc));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!SESSION_AFFINITIES.includes(spec.sessionAffinity))
    errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, SESSION_AFFINITIES));
  if (!spec.type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  return errs;
}

/** Validates a Service update: allocated cluster IPs may not change once set. */
export function validateServiceUpdate(next: Service, old: Service): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateService(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
  const o = old.spec?.clusterIPs ?? [];
  const n = next.spec?.clusterIPs ?? [];
  const changingExternalName = old.spec?.type === 'ExternalName' || next.spec?.type === 'ExternalName';
  if (!changingExternalName && o.length === n.length) {
    o.forEach((ip, i) => {
      if (n[i] !== ip) errs.push(invalid(`spec.clusterIPs[${i}]`, goStringList(n), 'may not change once set'));
    });
  }
  return errs;
}

/** Validates Endpoints: subdomain name, addresses with an IP, valid ports. */
export function validateEndpoints(ep: Endpoints): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, true, nameIsDNSSubdomain);
  (ep.subsets ?? []).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0) {
      errs.push(required(`${p}`, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (ss.addresses ?? []).forEach((a, j) => {
      if (!a.ip) errs.push(required(`${p}.addresses[${j}].ip`));
    });
    (ss.ports ?? []).forEach((port, j) => {
      errs.push(...isValidPortNum(port.port ?? 0).map((m) => invalid(`${p}.ports[${j}].port`, port.port ?? 0, m)));
      if (!port.protocol) errs.push(required(`${p}.ports[${j}].protocol`));
      else if (!PROTOCOLS.includes(port.protocol))
        errs.push(notSupported(`${p}.ports[${j}].protocol`, port.protocol, PROTOCOLS));
    });
  });
  return errs;
}

/** Validates an Endpoints update. */
export function validateEndpointsUpdate(next: Endpoints, old: Endpoints): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateEndpoints(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
}
