import type { FlagSpec } from '@wheelhouse/flags';
import { DEFAULT_DATA_DIR } from './data-dir.js';

/** `--data-dir DIR` of the verbs that find a running `up` (the same default as `up`'s). */
export const dataDirFlag = {
  type: 'string',
  description: 'the data dir of the cluster (as given to wheelhouse up)',
  default: DEFAULT_DATA_DIR,
  placeholder: 'DIR',
} as const satisfies FlagSpec;
