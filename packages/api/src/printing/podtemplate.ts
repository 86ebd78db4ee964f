/** The PodTemplate printer (kubectl get podtemplates). */
import type { PodTemplate } from '../schema/core-v1-podtemplate.js';
import { column, formatLabels, nameColumn, type TablePrinter } from './table.js';
import { containerCells } from './workloads.js';

/** The podtemplates printer: NAME CONTAINERS IMAGES POD LABELS (kube prints no AGE for them). */
export const podTemplatePrinter: TablePrinter<PodTemplate> = {
  columns: [
    nameColumn(),
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  cells: (pt) => [
    pt.metadata?.name ?? '',
    ...containerCells(pt.template?.spec?.containers),
    formatLabels(pt.template?.metadata?.labels),
  ],
};
