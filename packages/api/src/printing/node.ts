/** The printer of node.k8s.io RuntimeClasses. */
import type { RuntimeClass } from '../schema/node-v1.js';
import { age, ageColumn, column, nameColumn, type TablePrinter } from './table.js';

const HANDLER_DESCRIPTION =
  'handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class. The possible values are specific to the node & CRI configuration.  It is assumed that all handlers are available on every node, and handlers of the same name are equivalent on every node. For example, a handler called "runc" might specify that the runc OCI runtime (using native Linux containers) will be used to run the containers in a pod. The Handler must be lowercase, conform to the DNS Label (RFC 1123) requirements, and is immutable.';

/** The runtimeclasses printer: NAME HANDLER AGE. */
export const runtimeClassPrinter: TablePrinter<RuntimeClass> = {
  columns: [nameColumn(), column('Handler', 'string', HANDLER_DESCRIPTION), ageColumn()],
  cells: (rc, now) => [rc.metadata?.name ?? '', rc.handler ?? '', age(rc.metadata, now)],
};
