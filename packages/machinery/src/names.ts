/**
 * Object names: the name validators of apimachinery's api/validation (which also accept
 * a `generateName` prefix) and `generateName` suffixes as the apiserver makes them.
 * Randomness is passed in, so a test can make names deterministic.
 */
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './validation.js';

/** The alphabet of generated suffixes: no vowels and no look-alikes, so no words and no confusion. */
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** Length of the random suffix `generateName` appends. */
export const GENERATED_SUFFIX_LENGTH = 5;
/** Longest base kept by `generateName` (63 minus the suffix); longer bases are cut. */
export const MAX_GENERATED_NAME_BASE_LENGTH = 58;

/** A source of uniform numbers in [0, 1), such as Math.random. */
export type RandomSource = () => number;

/** `length` characters drawn from NAME_SUFFIX_ALPHABET using `random`. */
export function randomNameSuffix(length: number = GENERATED_SUFFIX_LENGTH, random: RandomSource = Math.random): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const index = Math.min(NAME_SUFFIX_ALPHABET.length - 1, Math.floor(random() * NAME_SUFFIX_ALPHABET.length));
    out += NAME_SUFFIX_ALPHABET[index] ?? 'b';
  }
  return out;
}

/**
 * A name for an object created with `metadata.generateName: base`: the base cut to 58
 * characters plus 5 random characters, as the apiserver's SimpleNameGenerator. The caller
 * retries on an AlreadyExists conflict, as Kubernetes does.
 */
export function generateName(base: string, random: RandomSource = Math.random): string {
  return base.slice(0, MAX_GENERATED_NAME_BASE_LENGTH) + randomNameSuffix(GENERATED_SUFFIX_LENGTH, random);
}

/**
 * With `prefix` (a generateName base) a trailing '-' is allowed: Kubernetes masks it before
 * validating, dropping the last two characters and appending 'a' (an upstream quirk kept
 * so the same prefixes pass and fail).
 */
function maskTrailingDash(name: string, prefix: boolean): string {
  if (!prefix || name.length <= 1 || !name.endsWith('-')) return name;
  return `${name.slice(0, -2)}a`;
}

/** Problems with `name` (or, with `prefix`, a generateName base) as a DNS-1123 subdomain name. */
export function nameIsDNSSubdomain(name: string, prefix = false): string[] {
  return isDNS1123Subdomain(maskTrailingDash(name, prefix));
}

/** Problems with `name` (or, with `prefix`, a generateName base) as a DNS-1123 label name (e.g. namespaces). */
export function nameIsDNSLabel(name: string, prefix = false): string[] {
  return isDNS1123Label(maskTrailingDash(name, prefix));
}

/** Problems with `name` (or, with `prefix`, a generateName base) as a DNS-1035 label name (e.g. Services). */
export function nameIsDNS1035Label(name: string, prefix = false): string[] {
  return isDNS1035Label(maskTrailingDash(name, prefix));
}
