/**
 * Evaluating x-kubernetes-validations rules on a custom resource (apiextensions-apiserver's
 * cel.Validator): every rule of every schema node that has a value, with `self` the value and, on
 * update, `oldSelf` the correlated old value (transition rules run only then, unless
 * optionalOldSelf); failures as kube reports them (`Invalid value: "object": failed rule: ...`,
 * or the rule's message, messageExpression, reason and fieldPath), within kube's cost limits:
 * each evaluation within PerCallLimit and all of one object's within RuntimeCELCostBudget, priced
 * by runtime-cost.ts (messageExpressions are not charged).
 */
import { Optional } from '@marcbachmann/cel-js';
import { jsonEqual } from '@wheelhouse/machinery';
import type { JSONSchemaProps, ValidationRule } from '../../schema/apiextensions-v1.js';
import { duplicate, forbidden, invalid, required, type FieldError } from '../../validation/field-errors.js';
import {
  additionalSchema,
  anySchemaNode,
  childPath,
  indexPath,
  isJsonObject,
  itemsSchema,
  keyPath,
} from '../schema-nav.js';
import { compileRule, type CompiledRule } from './compile.js';
import { PER_CALL_LIMIT, RUNTIME_CEL_COST_BUDGET } from './cost-limits.js';
import { runtimeCost } from './runtime-cost.js';
import { costPlan } from './type-check.js';
import { normalizeRuleFieldPath } from './field-path.js';
import { toCelValue } from './values.js';

/** No old value: a create, or a node that does not correlate with the old object. */
const NONE = Symbol('no old value');
type Old = unknown;

function ruleErrorString(rule: ValidationRule): string {
  return (rule.message ?? '').length > 0 ? (rule.message ?? '').trim() : (rule.rule ?? '').trim();
}

function ruleMessageOrDefault(rule: ValidationRule): string {
  return (rule.message ?? '').length === 0 ? `failed rule: ${ruleErrorString(rule)}` : (rule.message ?? '').trim();
}

function errorForReason(path: string, type: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return forbidden(path, detail);
    case 'FieldValueRequired':
      return required(path, detail);
    case 'FieldValueDuplicate':
      return duplicate(path, type);
    default:
      return invalid(path, type, detail);
  }
}

/** A cel-js evaluation error's text as cel-go words it (`no such key: x`); policies' evaluation uses it too. */
export function runtimeMessage(err: unknown): string {
  const e = err as { summary?: string; message?: string };
  const text = e.summary ?? (e.message ?? '').split('\n')[0] ?? String(err);
  return text.replace(/^No such key/, 'no such key');
}

interface Context {
  self: unknown;
  oldSelf?: unknown;
}

/** celconfig.MaxEvaluatedMessageExpressionSizeBytes: the longest message a messageExpression may give. */
const MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES = 5 * 1024;

/**
 * A failed rule's message: its messageExpression's value, trimmed, else (no messageExpression, or
 * one that fails, gives no string, an empty or multi-line one, or one over 5 KiB) its message or
 * `failed rule: <rule>`, as kube falls back (these are not errors of their own there).
 */
function failureMessage(c: CompiledRule, ctx: Context): string {
  const fallback = ruleMessageOrDefault(c.rule);
  if (!c.messageProgram) return fallback;
  let value: unknown;
  try {
    value = c.messageProgram(ctx);
  } catch {
    return fallback;
  }
  if (typeof value !== 'string') return fallback;
  const trimmed = value.trim();
  const usable =
    trimmed.length > 0 &&
    !trimmed.includes('\n') &&
    Buffer.byteLength(trimmed) <= MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES;
  return usable ? trimmed : fallback;
}

/** A node's value and correlated old value as CEL values (NONE: no old value). */
interface CelValues {
  self: unknown;
  old: unknown;
}

/** A node's values, converted to CEL once for all its rules and only when a rule runs. */
class NodeValues {
  private converted: CelValues | undefined;

  constructor(
    private readonly schema: JSONSchemaProps,
    private readonly self: unknown,
    private readonly old: Old,
  ) {}

  get(): CelValues {
    const { schema, self, old } = this;
    return (this.converted ??= { self: toCelValue(self, schema), old: old === NONE ? NONE : toCelValue(old, schema) });
  }
}

function contextFor(c: CompiledRule, old: Old, values: NodeValues): Context | undefined {
  const optional = c.rule.optionalOldSelf === true;
  if (c.usesOldSelf && old === NONE && !optional) return undefined;
  const { self, old: celOld } = values.get();
  if (!optional) return old === NONE ? { self } : { self, oldSelf: celOld };
  return { self, oldSelf: old === NONE ? Optional.none() : Optional.of(celOld) };
}

const OUT_OF_BUDGET = 'validation failed due to running out of cost budget, no further validation rules will be run';

/** The rules' shared cost budget for one object (kube's remainingBudget). */
interface Budget {
  remaining: number;
}

/**
 * Charges one evaluation of `c` on node `s` (`resourceRoot` for the object's root or an embedded
 * resource) to `budget`; the error that stops all further rules when it does not fit (the per-call
 * limit, or the budget), else undefined.
 */
function charge(
  c: CompiledRule,
  s: JSONSchemaProps,
  resourceRoot: boolean,
  ctx: Context,
  budget: Budget,
  path: string,
): FieldError | undefined {
  const plan = costPlan(c.rule, s, resourceRoot);
  const cost = plan === undefined ? 1 : runtimeCost(plan, ctx.self, ctx.oldSelf);
  const type = s.type ?? '';
  if (Math.min(cost, PER_CALL_LIMIT + 1) > budget.remaining) return invalid(path, type, OUT_OF_BUDGET);
  if (cost > PER_CALL_LIMIT)
    return invalid(
      path,
      type,
      `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleErrorString(c.rule)}`,
    );
  budget.remaining -= cost;
  return undefined;
}

/**
 * Evaluates the rules of one node (`root`: the object's root); `stop` is set when kube stops
 * evaluating further rules.
 */
function nodeErrors(
  s: JSONSchemaProps,
  self: unknown,
  old: Old,
  path: string,
  root: boolean,
  ratchet: boolean,
  budget: Budget,
): { errs: FieldError[]; stop: boolean } {
  const errs: FieldError[] = [];
  const type = s.type ?? '';
  const rules = s['x-kubernetes-validations'] ?? [];
  // As kube, a spent budget is reported at the next node that has rules of its own.
  if (rules.length === 0) return { errs, stop: false };
  if (budget.remaining <= 0) return { errs: [invalid(path, type, OUT_OF_BUDGET)], stop: true };
  const values = new NodeValues(s, self, old);
  const resourceRoot = root || s['x-kubernetes-embedded-resource'] === true;
  for (const rule of rules) {
    const c = compileRule(rule);
    if (c.error !== undefined || !c.program) {
      errs.push(invalid(path, type, `rule compile error: ${c.error ?? 'empty rule'}`));
      continue;
    }
    const ctx = contextFor(c, old, values);
    if (ctx === undefined) continue;
    const over = charge(c, s, resourceRoot, ctx, budget, path);
    if (over) return { errs: [...errs, over], stop: true };
    let result: unknown;
    try {
      result = c.program(ctx);
    } catch (err) {
      const msg = runtimeMessage(err);
      errs.push(
        msg.startsWith('no such overload') || msg.startsWith('found no matching overload')
          ? invalid(
              path,
              type,
              `'${msg}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`,
            )
          : invalid(path, type, `${msg} evaluating rule: ${ruleErrorString(rule)}`),
      );
      continue;
    }
    if (result === true) continue;
    // Ratcheting (CRDValidationRatcheting): a value left as it was keeps passing non-transition rules.
    if (ratchet && !c.usesOldSelf && old !== NONE && jsonEqual(old, self)) continue;
    const normalized = rule.fieldPath ? normalizeRuleFieldPath(s, rule.fieldPath) : undefined;
    const at = normalized === undefined ? path : path === '<nil>' ? normalized : `${path}.${normalized}`;
    errs.push(errorForReason(at, type, failureMessage(c, ctx), rule.reason));
  }
  return { errs, stop: false };
}

function mapListKey(s: JSONSchemaProps, item: unknown): string | undefined {
  if (!isJsonObject(item)) return undefined;
  return JSON.stringify((s['x-kubernetes-list-map-keys'] ?? []).map((k) => item[k] ?? null));
}

function oldItems(s: JSONSchemaProps, old: Old): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (s['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old)) return out;
  for (const item of old) {
    const key = mapListKey(s, item);
    if (key !== undefined) out.set(key, item);
  }
  return out;
}

/** The old value of an object node's key `k` when the node correlates, else NONE. */
function oldField(old: Old, correlatable: boolean, k: string): Old {
  return correlatable && Object.hasOwn(old as object, k) ? (old as Record<string, unknown>)[k] : NONE;
}

class RuleWalk {
  readonly errs: FieldError[] = [];
  stopped = false;

  constructor(
    private readonly ratchet: boolean,
    private readonly budget: Budget,
  ) {}

  node(s: JSONSchemaProps | undefined, value: unknown, old: Old, path: string, root = false): void {
    if (s === undefined || value === null || value === undefined || this.stopped || !hasRules(s)) return;
    const { errs, stop } = nodeErrors(s, value, old, path, root, this.ratchet, this.budget);
    this.errs.push(...errs);
    if (stop) {
      this.stopped = true;
      return;
    }
    for (const sub of s.allOf ?? []) this.node(sub, value, old, path);
    if (Array.isArray(value)) this.array(s, value, old, path);
    else if (isJsonObject(value)) this.object(s, value, old, path);
  }

  private array(s: JSONSchemaProps, value: unknown[], old: Old, path: string): void {
    const items = itemsSchema(s);
    if (!hasRules(items)) return;
    const olds = oldItems(s, old);
    value.forEach((v, i) => {
      // Only map-type lists correlate items (by key); others have no old items to look up.
      const key = olds.size === 0 ? undefined : mapListKey(s, v);
      const o = key !== undefined && olds.has(key) ? olds.get(key) : NONE;
      this.node(items, v, o, indexPath(path === '<nil>' ? '' : path, i));
    });
  }

  private object(s: JSONSchemaProps, value: Record<string, unknown>, old: Old, path: string): void {
    // Atomic maps correlate too (kube's MapIsCorrelatable: unset, granular and atomic).
    const correlatable = isJsonObject(old);
    const base = path === '<nil>' ? '' : path;
    const extra = additionalSchema(s);
    // Children without rules below them are skipped before their path is built.
    if (extra && hasRules(extra))
      for (const [k, v] of Object.entries(value)) this.node(extra, v, oldField(old, correlatable, k), keyPath(base, k));
    for (const [k, v] of Object.entries(value)) {
      const prop = s.properties?.[k];
      if (prop && hasRules(prop)) this.node(prop, v, oldField(old, correlatable, k), childPath(base, k));
    }
  }
}

/** Options of validateRules. */
export interface RuleOptions {
  /** The field path of the value (`''` for a whole object, which kube prints as `<nil>`). */
  root?: string;
  /**
   * On update, a value equal to its old value passes the rules that do not use oldSelf
   * (kube's validation ratcheting). Default true.
   */
  ratcheting?: boolean;
  /** The cost all the rules may take (kube's RuntimeCELCostBudget by default). */
  costBudget?: number;
}

/**
 * Evaluates every x-kubernetes-validations rule of `schema` on the custom resource `obj`
 * (`old` on update, undefined on create). An empty list means every rule holds.
 */
export function validateRules(
  schema: JSONSchemaProps,
  obj: unknown,
  old?: unknown,
  options: RuleOptions = {},
): FieldError[] {
  const root = options.root ?? '';
  const budget = { remaining: options.costBudget ?? RUNTIME_CEL_COST_BUDGET };
  const walk = new RuleWalk(options.ratcheting ?? true, budget);
  walk.node(schema, obj, old === undefined ? NONE : old, root === '' ? '<nil>' : root, root === '');
  return walk.errs;
}

/** True when a schema (or any schema below it) has x-kubernetes-validations rules (remembered per schema node). */
export const hasRules: (schema: JSONSchemaProps | undefined) => boolean = anySchemaNode(
  (s) => (s['x-kubernetes-validations'] ?? []).length > 0,
);
