import { evaluate, toNumber, type Scope } from './expression-eval.js';
import type { Expr } from './expression-parser.js';
import { StageFieldError } from './field-error.js';
import type { StageDelay, StageDocument, StageKind } from './schema.js';
import { compileSelector, type Matcher } from './selector.js';
import { compileExpression, compileTemplate, type CompileContext, type Renderer } from './template.js';

/** An Event a stage records, rendered for one object. */
export interface RenderedEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** The part of the object it is about (`spec.containers{app}`), if any. */
  readonly fieldPath?: string;
}

/** A line a stage writes to container logs, rendered for one object. */
export interface RenderedLogLine {
  readonly text: string;
  /** The one container it is written to; absent: every container running when the stage plays. */
  readonly container?: string;
}

/** A stage ready to play: its selector, delay and next step compiled. */
export interface CompiledStage {
  readonly name: string;
  readonly kind: StageKind;
  readonly weight: number;
  readonly matches: Matcher;
  /** The delay in ms for the object in `scope`; `random` returns a number in [0, 1). */
  delayMs(scope: Scope, random: () => number): number;
  /** Renders the status change (a strategic merge patch of `status`), if the stage makes one. */
  readonly status: Renderer | undefined;
  /** The Events the stage records for the object in `scope`, in order (none: an empty list). */
  events(scope: Scope): RenderedEvent[];
  /** The log lines the stage writes for the object in `scope`, in order (none: an empty list). */
  logs(scope: Scope): RenderedLogLine[];
  readonly delete: boolean;
}

/**
 * Compiles a validated stage document; throws a StageFieldError naming the field of a bad
 * expression, or of `logs` in a Node stage.
 */
export function compileStage(doc: StageDocument, ctx: CompileContext): CompiledStage {
  const { spec } = doc;
  const next = spec.next;
  return {
    name: doc.metadata.name,
    kind: spec.resourceRef.kind,
    weight: spec.weight ?? 1,
    matches: compileSelector(spec.selector, 'spec.selector', ctx),
    delayMs: compileDelay(spec.delay, ctx),
    status: next.status === undefined ? undefined : compileTemplate(next.status, 'spec.next.status', ctx),
    events: compileEvents(next, ctx),
    logs: next.logs ? compileLogs(next.logs, spec.resourceRef.kind, ctx) : () => [],
    delete: next.delete ?? false,
  };
}

function compileEvents(next: StageDocument['spec']['next'], ctx: CompileContext): CompiledStage['events'] {
  const one = next.event ? compileTemplate([next.event], 'spec.next.event', ctx) : () => [];
  const list = next.events ? compileTemplate(next.events, 'spec.next.events', ctx) : () => [];
  return (scope) => [...(one(scope) as unknown[]), ...(list(scope) as unknown[])].flatMap(renderedEvent);
}

/** A rendered Event item (a `$each` inside `$then` renders a list); items without a reason are dropped. */
function renderedEvent(v: unknown): RenderedEvent[] {
  if (Array.isArray(v)) return v.flatMap(renderedEvent);
  const e = v as Record<string, unknown> | null | undefined;
  if (!e || (e['type'] !== 'Normal' && e['type'] !== 'Warning')) return [];
  const reason = e['reason'] === undefined || e['reason'] === null ? '' : String(e['reason']);
  if (!reason) return [];
  const fieldPath = e['fieldPath'] ? String(e['fieldPath']) : undefined;
  return [{ type: e['type'], reason, message: String(e['message'] ?? ''), ...(fieldPath ? { fieldPath } : {}) }];
}

/** Compiles `next.logs`; a Node stage has no containers to write to and is refused. */
function compileLogs(logs: unknown[], kind: StageKind, ctx: CompileContext): CompiledStage['logs'] {
  if (kind !== 'Pod') throw new StageFieldError('spec.next.logs', 'only Pod stages write container logs');
  const render = compileTemplate(logs, 'spec.next.logs', ctx);
  return (scope) => renderedLogLines(render(scope));
}

/**
 * Rendered log items as lines: a string (or other value) is text for every running container,
 * a map has `line` and maybe `container`; text of several lines gives several, and nothing
 * (null, a map without line) gives none.
 */
function renderedLogLines(v: unknown): RenderedLogLine[] {
  if (Array.isArray(v)) return v.flatMap(renderedLogLines);
  if (v === undefined || v === null) return [];
  const item = typeof v === 'object' ? (v as Record<string, unknown>) : { line: v };
  if (item['line'] === undefined || item['line'] === null) return [];
  const text = typeof item['line'] === 'object' ? JSON.stringify(item['line']) : String(item['line']);
  const container = item['container'] ? String(item['container']) : undefined;
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (container ? { text: line, container } : { text: line }));
}

function compileDelay(delay: StageDelay | undefined, ctx: CompileContext): CompiledStage['delayMs'] {
  if (!delay) return () => 0;
  const from = delay.durationFrom ? compileExpression(delay.durationFrom, 'spec.delay.durationFrom', ctx) : undefined;
  const jitterFrom = delay.jitterDurationFrom
    ? compileExpression(delay.jitterDurationFrom, 'spec.delay.jitterDurationFrom', ctx)
    : undefined;
  return (scope, random) => {
    const base = Math.max(0, numberFrom(from, scope) ?? delay.durationMilliseconds ?? 0);
    const jitter = numberFrom(jitterFrom, scope) ?? delay.jitterDurationMilliseconds;
    if (jitter === undefined || jitter <= base) return base;
    return base + Math.floor(random() * (jitter - base));
  };
}

function numberFrom(expr: Expr | undefined, scope: Scope): number | undefined {
  return expr ? toNumber(evaluate(expr, scope)) : undefined;
}
