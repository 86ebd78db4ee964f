import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CompiledStage } from './compile.js';
import { parseStages, type StageFunctionNames } from './load.js';

/** The file of the built-in pod stages, shipped with the package. */
export const BUILTIN_POD_STAGES_FILE = fileURLToPath(new URL('./builtin/pod-stages.yaml', import.meta.url));

/** The built-in stages (the kubelet's default pod lifecycle), compiled; throws if the shipped file is bad. */
export function builtinStages(functions: StageFunctionNames): CompiledStage[] {
  return parseStages(readFileSync(BUILTIN_POD_STAGES_FILE, 'utf8'), BUILTIN_POD_STAGES_FILE, functions);
}
