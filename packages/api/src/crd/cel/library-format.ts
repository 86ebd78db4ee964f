/**
 * Kubernetes' CEL format library (k8s.io/apiserver pkg/cel/library format.go, in the CRD
 * environment from compatibility version 1.31): `format.named(name)` (an optional format),
 * `format.dns1123Label()` and the other named formats, and `<format>.validate(s)`, which is
 * `optional.none()` for a valid string and otherwise an optional list of apimachinery's
 * validation messages.
 */
import { Optional, type Environment } from '@marcbachmann/cel-js';
import {
  isQualifiedName,
  isValidLabelValue,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
} from '@wheelhouse/machinery';
import { matchesFormat } from '../formats.js';

type Handler = (...args: unknown[]) => unknown;

/** A named string format as CEL sees it (kube's `kubernetes.NamedFormat`). */
export class CelNamedFormat {
  constructor(
    readonly name: string,
    readonly check: (s: string) => string[],
  ) {}
}

const problem = (ok: boolean, message: string): string[] => (ok ? [] : [message]);

function requestURIProblems(s: string): string[] {
  return problem(matchesFormat('uri', s), `parse ${JSON.stringify(s)}: invalid URI for request`);
}

/** The named formats by their CEL name, as kube's ConstantFormats. */
export const NAMED_FORMATS: ReadonlyMap<string, CelNamedFormat> = new Map(
  (
    [
      ['dns1123Label', 'DNS1123Label', (s) => nameIsDNSLabel(s, false)],
      ['dns1123Subdomain', 'DNS1123Subdomain', (s) => nameIsDNSSubdomain(s, false)],
      ['dns1035Label', 'DNS1035Label', (s) => nameIsDNS1035Label(s, false)],
      ['qualifiedName', 'QualifiedName', isQualifiedName],
      ['dns1123LabelPrefix', 'DNS1123LabelPrefix', (s) => nameIsDNSLabel(s, true)],
      ['dns1123SubdomainPrefix', 'DNS1123SubdomainPrefix', (s) => nameIsDNSSubdomain(s, true)],
      ['dns1035LabelPrefix', 'DNS1035LabelPrefix', (s) => nameIsDNS1035Label(s, true)],
      ['labelValue', 'LabelValue', isValidLabelValue],
      ['uri', 'URI', requestURIProblems],
      ['uuid', 'uuid', (s) => problem(matchesFormat('uuid', s), 'does not match the UUID format')],
      ['byte', 'byte', (s) => problem(matchesFormat('byte', s), 'invalid base64')],
      ['date', 'date', (s) => problem(matchesFormat('date', s), 'invalid date')],
      ['datetime', 'datetime', (s) => problem(matchesFormat('datetime', s), 'invalid datetime')],
    ] as [string, string, (s: string) => string[]][]
  ).map(([cel, name, check]) => [cel, new CelNamedFormat(name, check)]),
);

/** The namespace object `format.*` functions are called on. */
export class CelFormatNamespace {}

function validate(f: CelNamedFormat, s: string): Optional<string[]> {
  const problems = f.check(s);
  return problems.length === 0 ? Optional.none() : Optional.of(problems);
}

/** Registers the format library on `env`. */
export function registerFormatLibrary(env: Environment): void {
  env.registerType('kubernetes.NamedFormat', { ctor: CelNamedFormat, fields: {} });
  env.registerType('kubernetes.FormatNamespace', { ctor: CelFormatNamespace, fields: {} });
  env.registerConstant('format', 'kubernetes.FormatNamespace', new CelFormatNamespace());
  env.registerFunction({
    name: 'named',
    receiverType: 'kubernetes.FormatNamespace',
    returnType: 'optional<kubernetes.NamedFormat>',
    handler: ((_ns: unknown, name: string) => {
      const f = NAMED_FORMATS.get(name);
      return f ? Optional.of(f) : Optional.none();
    }) as Handler,
    params: [{ name: 'name', type: 'string' }],
  });
  for (const [name, f] of NAMED_FORMATS)
    env.registerFunction({
      name,
      receiverType: 'kubernetes.FormatNamespace',
      returnType: 'kubernetes.NamedFormat',
      handler: (() => f) as Handler,
      params: [],
    });
  env.registerFunction({
    name: 'validate',
    receiverType: 'kubernetes.NamedFormat',
    returnType: 'optional<list<string>>',
    handler: validate as Handler,
    params: [{ name: 's', type: 'string' }],
  });
}
