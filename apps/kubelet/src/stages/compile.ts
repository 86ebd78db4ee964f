import { evaluate, toNumber, type Scope } from './expression-eval.js';
import type { Expr } from './expression-parser.js';
import type { StageDelay, StageDocument, StageKind } from './schema.js';
import { compileSelector, type Matcher } from './selector.js';
import { compileExpression, compileTemplate, type CompileContext, type Renderer } from './template.js';

/** An Event a stage records, its reason and message rendered per object. */
export interface CompiledEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: Renderer;
  readonly message: Renderer;
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
  readonly event: CompiledEvent | undefined;
  readonly delete: boolean;
}

/** Compiles a validated stage document; throws a StageFieldError naming the field of a bad expression. */
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
    event: next.event && {
      type: next.event.type,
      reason: compileTemplate(next.event.reason, 'spec.next.event.reason', ctx),
      message: compileTemplate(next.event.message, 'spec.next.event.message', ctx),
    },
    delete: next.delete ?? false,
  };
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
