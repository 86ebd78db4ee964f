/** apiregistration.k8s.io/v1 APIService validation (kube-aggregator's ValidateAPIService and its update). */
import { isDNS1035Label, isDNS1123Subdomain } from '@wheelhouse/machinery';
import type { APIService } from '../schema/apiregistration-v1.js';
import { invalid, notSupported, required, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isValidPathSegmentName } from './strings.js';

/** The name rule: a path segment, equal to `<spec.version>.<spec.group>`. */
function nameRule(svc: APIService) {
  const wanted = `${svc.spec?.version ?? ''}.${svc.spec?.group ?? ''}`;
  return (name: string): string[] => {
    const segment = isValidPathSegmentName(name);
    if (segment.length > 0) return segment;
    return name === wanted ? [] : [`must be \`spec.version+"."+spec.group\`: ${JSON.stringify(wanted)}`];
  };
}

function validateSpec(svc: APIService): FieldError[] {
  const spec = svc.spec ?? {};
  const group = spec.group ?? '';
  const version = spec.version ?? '';
  const errs: FieldError[] = [];
  if (group === '' && version !== 'v1')
    errs.push(required('spec.group', 'only v1 may have an empty group and it better be legacy kube'));
  if (group !== '') errs.push(...isDNS1123Subdomain(group).map((m) => invalid('spec.group', group, m)));
  errs.push(...isDNS1035Label(version).map((m) => invalid('spec.version', version, m)));
  const gpm = spec.groupPriorityMinimum ?? 0;
  if (gpm <= 0 || gpm > 20000)
    errs.push(invalid('spec.groupPriorityMinimum', gpm, 'must be positive and less than 20000'));
  const vp = spec.versionPriority ?? 0;
  if (vp <= 0 || vp > 1000) errs.push(invalid('spec.versionPriority', vp, 'must be positive and less than 1000'));
  const caBytes = Buffer.from(spec.caBundle ?? '', 'base64').length;
  const skip = spec.insecureSkipTLSVerify === true;
  if (!spec.service) {
    if (caBytes > 0)
      errs.push(invalid('spec.caBundle', `${caBytes} bytes`, 'local APIServices may not have a caBundle'));
    if (skip)
      errs.push(invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify'));
    return errs;
  }
  if (!spec.service.namespace) errs.push(required('spec.service.namespace'));
  if (!spec.service.name) errs.push(required('spec.service.name'));
  const port = spec.service.port ?? 443;
  if (port < 1 || port > 65535)
    errs.push(invalid('spec.service.port', port, 'port is not valid: must be between 1 and 65535, inclusive'));
  if (skip && caBytes > 0)
    errs.push(invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
  return errs;
}

/** Validates an APIService: the name `<version>.<group>`, group, version, priorities and the service reference. */
export function validateAPIService(svc: APIService): FieldError[] {
  return [...validateObjectMeta(svc.metadata, false, nameRule(svc)), ...validateSpec(svc)];
}

/** Validates an APIService update: metadata update rules plus the spec as on create. */
export function validateAPIServiceUpdate(next: APIService, old: APIService): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateAPIService(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
}

/** Validates an APIService's conditions (a /status write): each status True, False or Unknown. */
export function validateAPIServiceStatus(svc: APIService): FieldError[] {
  return (svc.status?.conditions ?? []).flatMap((c, i) =>
    ['True', 'False', 'Unknown'].includes(c.status ?? '')
      ? []
      : [notSupported(`status.conditions[${i}].status`, c.status ?? '', ['True', 'False', 'Unknown'])],
  );
}
