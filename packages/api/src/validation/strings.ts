/**
 * The string checks of k8s.io/apimachinery/pkg/util/validation that @wheelhouse/machinery
 * does not provide (config keys, percents, ports, environment variable names, path segments), with
 * Kubernetes' exact messages, built from machinery's `maxLenError` and `regexError`. Names,
 * label keys and label values are machinery's (`isDNS1123Label`, `isQualifiedName`, ...).
 * Each returns a list of problems, empty when the value is valid.
 */
import { DNS1123_SUBDOMAIN_MAX_LENGTH, maxLenError, regexError } from '@wheelhouse/machinery';

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_RE = new RegExp(`^${CONFIG_KEY_FMT}$`);
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const PERCENT_FMT = '[0-9]+%';
const PERCENT_RE = new RegExp(`^${PERCENT_FMT}$`);
const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'";
const PORT_NAME_MAX_LENGTH = 15;

/** Go's `len`: the UTF-8 length in bytes. */
function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** Problems with `value` as a ConfigMap/Secret key (IsConfigMapKey). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!CONFIG_KEY_RE.test(value))
    errs.push(regexError(CONFIG_KEY_MSG, CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Problems with `value` as a percentage such as `25%` (IsValidPercent). */
export function isValidPercent(value: string): string[] {
  return PERCENT_RE.test(value) ? [] : [regexError(PERCENT_MSG, PERCENT_FMT, '1%', '93%')];
}

/**
 * Problems with `name` as one segment of a URL path (apimachinery's IsValidPathSegmentName):
 * not `.` or `..`, and no `/` or `%`. RBAC, APIService and Ingress backend names use it.
 */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return isValidPathSegmentPrefix(name);
}

/** Problems with `name` as the start of a URL path segment (IsValidPathSegmentPrefix): no `/` or `%`. */
function isValidPathSegmentPrefix(name: string): string[] {
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/**
 * path.ValidatePathSegmentName, as a ValidateNameFunc: a generateName prefix (`prefix`) may be
 * `.` or `..`; a whole name may not.
 */
export function validatePathSegmentName(name: string, prefix: boolean): string[] {
  return prefix ? isValidPathSegmentPrefix(name) : isValidPathSegmentName(name);
}

/** Problems with a port number; empty when 1..65535 (IsValidPortNum). */
export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** Problems with `value` as an IANA service (port) name (IsValidPortName). */
export function isValidPortName(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > PORT_NAME_MAX_LENGTH) errs.push(maxLenError(PORT_NAME_MAX_LENGTH));
  if (!/^[-a-z0-9]+$/.test(value)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(value)) errs.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errs.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Problems with an environment variable name under the relaxed (1.32 default) rules (IsRelaxedEnvVarName). */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('environment variable name must be non-empty');
  if ([...value].some((c) => c < ' ' || c > '~' || c === '=')) {
    errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
  }
  return errs;
}
