import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import type { z } from 'zod';
import { KubeletError } from '../errors.js';
import { compileStage, type CompiledStage } from './compile.js';
import { StageFieldError } from './field-error.js';
import { StageSchema, type StageKind } from './schema.js';

/** How a stage file combines with the built-in stages. */
export type StagesMode = 'extend' | 'replace';

/** The functions a stage's expressions may call, by the kind of object it applies to. */
export type StageFunctionNames = Readonly<Record<StageKind, ReadonlySet<string>>>;

/**
 * Parses and compiles the stage documents of a YAML text (several documents, `---` apart).
 * Throws a StageFile error naming `file`, the stage (its name, else `document N`) and the field
 * of the first problem: bad YAML, a field the schema refuses, a bad expression, a duplicate name.
 */
export function parseStages(text: string, file: string, functions: StageFunctionNames): CompiledStage[] {
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text);
  } catch (err) {
    throw new KubeletError('StageFileUnreadable', {
      file,
      problem: `not YAML: ${(err as Error).message.split('\n')[0]}`,
    });
  }
  const stages: CompiledStage[] = [];
  docs.forEach((doc, i) => {
    if (doc === null || doc === undefined) return;
    const stage = compileDocument(doc, file, i, functions);
    if (stages.some((s) => s.name === stage.name))
      throw stageError(file, stage.name, 'metadata.name', 'a stage of this name is already defined in the file');
    stages.push(stage);
  });
  return stages;
}

/** Reads `file` and parses it as {@link parseStages} does; an unreadable file throws StageFileUnreadable. */
export async function loadStageFile(file: string, functions: StageFunctionNames): Promise<CompiledStage[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new KubeletError('StageFileUnreadable', {
      file,
      problem: `cannot read it (${(err as NodeJS.ErrnoException).code})`,
    });
  }
  return parseStages(text, file, functions);
}

/**
 * The stages in force: `custom` alone (replace), or the built-in ones with `custom` added, a
 * custom stage replacing a built-in one of the same name and kind (extend).
 */
export function combineStages(builtIn: CompiledStage[], custom: CompiledStage[], mode: StagesMode): CompiledStage[] {
  if (mode === 'replace') return custom;
  const replaced = new Set(custom.map((s) => `${s.kind}/${s.name}`));
  return [...builtIn.filter((s) => !replaced.has(`${s.kind}/${s.name}`)), ...custom];
}

function compileDocument(doc: unknown, file: string, index: number, functions: StageFunctionNames): CompiledStage {
  const name = nameOf(doc) ?? `document ${index + 1}`;
  const parsed = StageSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw stageError(file, name, issueField(issue), issue.message);
  }
  try {
    return compileStage(parsed.data, { functions: functions[parsed.data.spec.resourceRef.kind] });
  } catch (err) {
    if (err instanceof StageFieldError) throw stageError(file, name, err.field, err.problem);
    throw err;
  }
}

function nameOf(doc: unknown): string | undefined {
  const name = (doc as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function issueField(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const key = issue.code === 'unrecognized_keys' ? `.${issue.keys[0]}` : '';
  return `${path}${key}`.replace(/^\./, '') || '(document)';
}

function stageError(file: string, stage: string, field: string, problem: string): KubeletError {
  return new KubeletError('StageFile', { file, stage, field, problem });
}
