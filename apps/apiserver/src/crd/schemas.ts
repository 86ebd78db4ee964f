/**
 * What custom resources go through between decoding and storage besides metadata checks:
 * the version's openAPIV3Schema (defaulting, pruning, validation, CEL rules). The pure
 * functions for these come from @wheelhouse/api; until they are there, objects are stored
 * as sent (metadata validated).
 */
import type { CustomResourceSchemas } from './definitions.js';

/** The schema functions the CRD controller gives every custom resource definition. */
export function customResourceSchemas(): CustomResourceSchemas {
  return {};
}
