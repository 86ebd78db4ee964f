/** Server-side printing of CustomResourceDefinitions. */
import type { CustomResourceDefinition } from '../schema/apiextensions-v1.js';
import { defaultTablePrinter, type TablePrinter } from './table.js';

/**
 * kube-apiserver registers no printer for CRDs, so they print with the default table:
 * NAME and CREATED AT (the creationTimestamp as RFC 3339 text).
 */
export const customResourceDefinitionPrinter: TablePrinter<CustomResourceDefinition> = defaultTablePrinter;
