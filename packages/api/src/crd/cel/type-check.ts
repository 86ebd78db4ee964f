/**
 * Type-checking x-kubernetes-validations rules against the schema of the node they sit on, as
 * kube-apiserver does at CRD create/update: `self` and `oldSelf` have the node's CEL type
 * (schema-decl.ts), so selecting an undeclared field fails with cel-go's `undefined field 'x'`
 * and an operator or function applied to the wrong types with `found no matching overload for
 * ...`. @marcbachmann/cel-js does the checking over declared object types; this module declares
 * them, adds what cel-js does not check (fields under `has()` and `.?`, indexing an object with
 * `[]`, and cel-go's literal validators: literal-checks.ts) and turns its errors into cel-go's
 * texts. cel-go reports every error of a rule; this reports the first.
 */
import type { ASTNode, Environment, ParseResult } from '@marcbachmann/cel-js';
import type { JSONSchemaProps, ValidationRule } from '../../schema/apiextensions-v1.js';
import {
  celGoOperator,
  checkedType,
  checkErrorText,
  children,
  issueAt,
  noMatchingOverload,
  operands,
  type CheckedType,
} from './cel-go-errors.js';
import { libraryEnvironment } from './environment.js';
import { CEL_RESERVED_SYMBOLS } from './escaping.js';
import { estimateCost } from './cost-estimate.js';
import { isFormatCall, literalIssue } from './literal-checks.js';
import { declSize, schemaDecl, type CelDecl } from './schema-decl.js';
import { celEqual } from './values.js';

/**
 * Why a rule or its messageExpression does not type-check against its schema (kube's detail
 * texts), else their estimated maximum costs per evaluation.
 */
export interface TypeCheckResult {
  error?: string | undefined;
  messageError?: string | undefined;
  /** The rule's estimated max cost (cel-go's EstimateCost(...).Max), when it type-checks. */
  maxCost?: number | undefined;
  /** The messageExpression's estimated max cost, when it type-checks. */
  messageMaxCost?: number | undefined;
  /** kube's MinSerializedSize of the node's type: the fewest bytes a value takes, bounding how many there can be. */
  minSize?: number | undefined;
}

type ObjectDecl = Extract<CelDecl, { kind: 'object' }>;

interface TypedEnvironments {
  resourceRoot: boolean;
  root: CelDecl | undefined;
  plain: Environment;
  optional: Environment;
  objects: Map<string, ObjectDecl>;
}

const SCALARS: Record<string, string> = {
  int: 'int',
  double: 'double',
  string: 'string',
  bool: 'bool',
  bytes: 'bytes',
  timestamp: 'google.protobuf.Timestamp',
  duration: 'google.protobuf.Duration',
  dyn: 'dyn',
};

/** The field of an object type by its CEL name (kube 1.31+ also finds `__ns__` fields by `ns`). */
function fieldOf(decl: ObjectDecl, name: string): CelDecl | undefined {
  return decl.fields.get(name) ?? (CEL_RESERVED_SYMBOLS.has(name) ? decl.fields.get(`__${name}__`) : undefined);
}

/** Declares the object types of `decl` on `env` (named as kube does, with `__idx__`/`__elem__` for its `@idx`/`@elem`); returns its type string. */
function declare(env: Environment, decl: CelDecl | undefined, name: string, objects: Map<string, ObjectDecl>): string {
  if (decl === undefined) return 'dyn';
  switch (decl.kind) {
    case 'scalar':
      return SCALARS[decl.type] ?? 'dyn';
    case 'list':
      return `list<${declare(env, decl.elem, `${name}.__idx__`, objects)}>`;
    case 'map':
      return `map<string, ${declare(env, decl.elem, `${name}.__elem__`, objects)}>`;
    case 'object': {
      const fields: Record<string, string> = {};
      for (const [field, sub] of decl.fields) fields[field] = declare(env, sub, `${name}.${field}`, objects);
      for (const [field, type] of Object.entries(fields)) {
        const word = /^__(.+)__$/.exec(field)?.[1];
        if (word !== undefined && CEL_RESERVED_SYMBOLS.has(word)) fields[word] = type;
      }
      env.registerType(name, { ctor: class {}, fields });
      env.registerOperator(`${name} == ${name}`, (a: unknown, b: unknown) => celEqual(a, b));
      // cel-go lets null compare with any object type.
      env.registerOperator(`${name} == null`, (a: unknown, b: unknown) => a === b);
      objects.set(name, decl);
      return name;
    }
  }
}

function buildEnvironments(schema: JSONSchemaProps, resourceRoot: boolean): TypedEnvironments {
  const types = libraryEnvironment().clone();
  const objects = new Map<string, ObjectDecl>();
  const root = schemaDecl(schema, resourceRoot);
  const self = declare(types, root, 'selfType', objects);
  const plain = types.clone();
  plain.registerVariable('self', self);
  plain.registerVariable('oldSelf', self);
  const optional = types.clone();
  optional.registerVariable('self', self);
  optional.registerVariable('oldSelf', `optional<${self}>`);
  return { resourceRoot, root, plain, optional, objects };
}

const bySchema = new WeakMap<JSONSchemaProps, TypedEnvironments>();

function environmentsFor(schema: JSONSchemaProps, resourceRoot: boolean): TypedEnvironments {
  let envs = bySchema.get(schema);
  if (envs?.resourceRoot !== resourceRoot) {
    envs = buildEnvironments(schema, resourceRoot);
    bySchema.set(schema, envs);
  }
  return envs;
}

function objectOf(t: CheckedType | undefined, objects: Map<string, ObjectDecl>): ObjectDecl | undefined {
  const inner = t?.kind === 'optional' ? t.valueType : t;
  return inner === undefined ? undefined : objects.get(inner.name);
}

/** The fields under `has(a.b.c)`: cel-js checks only `a`; cel-go checks each selection. */
function hasProblem(source: string, call: ASTNode, objects: Map<string, ObjectDecl>): string | undefined {
  const chain: ASTNode[] = [];
  let node = operands(call)[0];
  while (node && (node.op === '.' || node.op === '.?')) {
    chain.unshift(node);
    node = (node.args as ASTNode[])[0];
  }
  let current: CelDecl | undefined = objectOf(checkedType(node), objects);
  for (const [i, select] of chain.entries()) {
    if (current === undefined) return undefined;
    const field = String((select.args as unknown[])[1]);
    if (current.kind === 'map') current = current.elem;
    else if (current.kind === 'object') {
      const next = fieldOf(current, field);
      // cel-go places the presence test itself at the `(` of has().
      const at = i === chain.length - 1 ? call : select;
      if (next === undefined) return issueAt(source, at, `undefined field '${field}'`);
      current = next;
    } else return undefined;
  }
  return undefined;
}

/** What cel-js lets pass but cel-go refuses: over declared object types, and mixed literals. */
function structuralProblem(
  source: string,
  root: ASTNode,
  objects: Map<string, ObjectDecl>,
  inFormat = false,
): string | undefined {
  const exempt = inFormat || isFormatCall(root);
  for (const child of children(root)) {
    const found = structuralProblem(source, child, objects, exempt);
    if (found !== undefined) return found;
  }
  const literal = literalIssue(source, root, exempt);
  if (literal !== undefined) return literal;
  const args = root.args as unknown[];
  if (root.op === 'call' && args[0] === 'has') return hasProblem(source, root, objects);
  if ((root.op === '[]' || root.op === '[?]') && objectOf(checkedType(args[0]), objects))
    return issueAt(source, root, noMatchingOverload(celGoOperator(root.op), operands(root).map(checkedType)));
  const object = root.op === '.?' ? objectOf(checkedType(args[0]), objects) : undefined;
  if (object && fieldOf(object, String(args[1])) === undefined)
    return issueAt(source, root, `undefined field '${String(args[1])}'`);
  return undefined;
}

interface Checked {
  problem?: string | undefined;
  type: string;
  maxCost?: number;
  ast?: ASTNode;
}

function checkExpression(source: string, envs: TypedEnvironments, env: Environment, want: string): Checked {
  let program: ParseResult;
  try {
    program = env.parse(source);
  } catch {
    return { type: want }; // syntax errors are the untyped compile's to report
  }
  const checked = program.check();
  if (!checked.valid) return { problem: checkErrorText(source, program.ast, checked.error), type: want };
  const problem = structuralProblem(source, program.ast, envs.objects);
  if (problem !== undefined) return { problem, type: want };
  const cost = estimateCost(program.ast, (path) => declSize(envs.root, path));
  return { type: checked.type ?? 'dyn', maxCost: cost.max, ast: program.ast };
}

/** A type-checked rule, for pricing its evaluations (runtime-cost.ts). */
export interface CostPlan {
  ast: ASTNode;
  /** The estimate from the schema's maxima. */
  maxCost: number;
}

/** Plans by rule object; null for a rule that does not type-check (so it is not checked again per evaluation). */
const plans = new WeakMap<ValidationRule, CostPlan | null>();

/**
 * The type-checked form of `rule` on `schema` (type-checking it on first use), or undefined
 * when it does not type-check.
 */
export function costPlan(rule: ValidationRule, schema: JSONSchemaProps, resourceRoot: boolean): CostPlan | undefined {
  if (!plans.has(rule)) {
    plans.set(rule, null);
    typeCheckRule(rule, schema, resourceRoot);
  }
  return plans.get(rule) ?? undefined;
}

/**
 * Type-checks `rule` (and its messageExpression) with `self`/`oldSelf` of the type of `schema`;
 * `resourceRoot` for the root of a custom resource or an embedded resource. Call only for rules
 * that compile untyped (compileRule); the environment is built once per schema object.
 */
export function typeCheckRule(rule: ValidationRule, schema: JSONSchemaProps, resourceRoot: boolean): TypeCheckResult {
  const envs = environmentsFor(schema, resourceRoot);
  const env = rule.optionalOldSelf === true ? envs.optional : envs.plain;
  const out: TypeCheckResult = { minSize: envs.root?.minSize };
  const r = checkExpression(rule.rule ?? '', envs, env, 'bool');
  if (r.problem !== undefined) out.error = `compilation failed: ${r.problem}`;
  else if (r.type !== 'bool') out.error = 'cel expression must evaluate to a bool';
  else {
    out.maxCost = r.maxCost;
    if (r.ast && r.maxCost !== undefined) plans.set(rule, { ast: r.ast, maxCost: r.maxCost });
  }
  if (rule.messageExpression) {
    const m = checkExpression(rule.messageExpression, envs, env, 'string');
    if (m.problem !== undefined) out.messageError = `messageExpression compilation failed: ${m.problem}`;
    else if (m.type !== 'string') out.messageError = 'messageExpression must evaluate to a string';
    else out.messageMaxCost = m.maxCost;
  }
  return out;
}
