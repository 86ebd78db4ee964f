/**
 * cel-go's cost estimation (checker/cost.go) over a type-checked @marcbachmann/cel-js AST: each
 * identifier or field selection costs 1, literals 0, a call 1 plus its arguments unless its
 * estimator says otherwise (cost-functions.ts), `&&`/`||` their operands, and a macro (all,
 * exists, exists_one, map, filter) the size of its range times its expanded loop's cost per
 * element. Sizes come from a size oracle by field path (`self.spec.items.@items.name`): the
 * schema's maxLength/maxItems/maxProperties estimates at CRD create, or the actual values at run
 * time. Differences from cel-go: the expanded macro costs are written out rather than derived
 * from cel-go's expansion, optional selections cost as calls, and functions without a cel-go or
 * Kubernetes estimator cost 1.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { checkedType, operands } from './cel-go-errors.js';
import { addCost, callCost, comparisonCost, type Operand } from './cost-functions.js';
import { add, COST, fixed, MAX_UINT64, multiply, union, type Range } from './cost-model.js';

/** The size range of the value at a field path rooted at `self`/`oldSelf`, or undefined when unknown. */
export type SizeOracle = (path: readonly string[]) => Range | undefined;

const SCALARS = new Set(['bool', 'int', 'uint', 'double', 'google.protobuf.Duration', 'google.protobuf.Timestamp']);
const NAMESPACES = new Set(['sets', 'strings', 'format', 'ip', 'optional']);
const MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

interface IterVar {
  path: readonly string[] | undefined;
  kind: string;
}

class Coster {
  private readonly paths = new Map<ASTNode, readonly string[]>();
  private readonly sizes = new Map<ASTNode, Range>();
  private readonly iterVars = new Map<string, IterVar[]>();

  constructor(private readonly sizeAt: SizeOracle) {}

  private kind(node: ASTNode): string {
    return checkedType(node)?.kind ?? 'dyn';
  }

  typeName(node: ASTNode): string {
    return checkedType(node)?.name ?? 'dyn';
  }

  sizeOf(node: ASTNode): Range {
    const known = this.sizes.get(node);
    if (known) return known;
    const path = this.paths.get(node);
    const fromPath = path && this.sizeAt(path);
    if (fromPath) return fromPath;
    return SCALARS.has(this.typeName(node)) ? fixed(1) : { min: 0, max: MAX_UINT64 };
  }

  /** The size of the items of the list at `node`, when its path is known. */
  itemSizeOf(node: ASTNode): Range {
    const path = this.paths.get(node);
    return (path && this.sizeAt([...path, '@items'])) ?? { min: 0, max: MAX_UINT64 };
  }

  private operand(node: ASTNode): Operand {
    return new NodeOperand(this, node);
  }

  private withPath(node: ASTNode, base: ASTNode, step: string): void {
    const path = this.paths.get(base);
    if (path) this.paths.set(node, [...path, step]);
  }

  cost(node: ASTNode): Range {
    switch (node.op) {
      case 'value':
        return this.literal(node);
      case 'id':
        return this.ident(node);
      case '.':
      case '.?':
        return this.select(node);
      case '[]':
      case '[?]':
        return this.index(node);
      case 'list':
      case 'map':
        return this.create(node);
      case '?:':
        return this.conditional(node);
      case '&&':
      case '||': {
        const [l, r] = operands(node).map((n) => this.cost(n));
        return { min: l?.min ?? 0, max: add(l ?? fixed(0), r ?? fixed(0)).max };
      }
      case 'call':
        return this.call(node);
      case 'rcall':
        return this.memberCall(node);
      default:
        return this.operator(node);
    }
  }

  private literal(node: ASTNode): Range {
    const v = node.args;
    const size = typeof v === 'string' ? [...v].length : v instanceof Uint8Array ? v.length : 1;
    this.sizes.set(node, fixed(size));
    return fixed(COST.const);
  }

  private ident(node: ASTNode): Range {
    const name = String(node.args);
    const iter = this.iterVars.get(name)?.at(-1);
    if (iter === undefined) this.paths.set(node, [name]);
    else if (iter.path) this.paths.set(node, [...iter.path, iter.kind === 'map' ? '@keys' : '@items']);
    return fixed(COST.selectAndIdent);
  }

  private select(node: ASTNode): Range {
    const [target] = node.args as [ASTNode, string];
    const c = this.cost(target);
    this.withPath(node, target, String((node.args as unknown[])[1]));
    if (node.op === '.?') return add(c, fixed(1));
    const k = this.kind(target);
    return k === 'map' || k === 'message' ? add(c, fixed(COST.selectAndIdent)) : c;
  }

  private index(node: ASTNode): Range {
    const [target, key] = node.args as [ASTNode, ASTNode];
    const c = add(this.cost(target), this.cost(key), fixed(1));
    const k = this.kind(target);
    if (k === 'list' || k === 'map') this.withPath(node, target, k === 'list' ? '@items' : '@values');
    return c;
  }

  private create(node: ASTNode): Range {
    const entries = node.args as unknown[];
    const all = (node.op === 'list' ? entries : entries.flat()) as ASTNode[];
    this.sizes.set(node, fixed(entries.length));
    const base = node.op === 'list' ? COST.listCreateBase : COST.mapCreateBase;
    return add(fixed(base), ...all.map((n) => this.cost(n)));
  }

  private conditional(node: ASTNode): Range {
    const [c, t, f] = node.args as [ASTNode, ASTNode, ASTNode];
    const cost = add(this.cost(c), union(this.cost(t), this.cost(f)));
    this.sizes.set(node, union(this.sizeOf(t), this.sizeOf(f)));
    return cost;
  }

  private operator(node: ASTNode): Range {
    const args = operands(node);
    const argCost = add(...args.map((n) => this.cost(n)));
    const [l, r] = args;
    if (l === undefined || r === undefined) return add(argCost, fixed(1));
    if (COMPARISONS.has(node.op)) return add(argCost, comparisonCost(node.op, this.operand(l), this.operand(r)).cost);
    if (node.op === 'in') return add(argCost, this.kind(r) === 'list' ? this.sizeOf(r) : fixed(1));
    if (node.op === '+') {
      const sum = addCost(this.operand(l), this.operand(r));
      if (sum.size) this.sizes.set(node, sum.size);
      return add(argCost, sum.cost);
    }
    return add(argCost, fixed(1));
  }

  private call(node: ASTNode): Range {
    const [name, args] = node.args as [string, ASTNode[]];
    // has(a.b) estimates at 0 in Kubernetes (PresenceTestHasCost(false); kube's cost tests expect 0).
    if (name === 'has') return fixed(0);
    const argCost = add(...args.map((n) => this.cost(n)));
    const call = callCost(
      name,
      undefined,
      args.map((a) => this.operand(a)),
    );
    if (call.size) this.sizes.set(node, call.size);
    return add(argCost, call.cost);
  }

  private memberCall(node: ASTNode): Range {
    const [name, receiver, args] = node.args as [string, ASTNode, ASTNode[]];
    if (MACROS.has(name) && args[0]?.op === 'id') return this.comprehension(node, name, receiver, args);
    const namespace = receiver.op === 'id' && NAMESPACES.has(String(receiver.args)) ? String(receiver.args) : undefined;
    const targetCost = namespace === undefined ? this.cost(receiver) : fixed(0);
    const argCost = add(...args.map((n) => this.cost(n)));
    const call =
      namespace === undefined
        ? callCost(
            name,
            this.operand(receiver),
            args.map((a) => this.operand(a)),
          )
        : callCost(
            `${namespace}.${name}`,
            undefined,
            args.map((a) => this.operand(a)),
          );
    if (call.size) this.sizes.set(node, call.size);
    return add(targetCost, argCost, call.cost);
  }

  /** A macro as cel-go expands it: range + init + result + size(range) * (loop condition + step). */
  private comprehension(node: ASTNode, name: string, range: ASTNode, args: ASTNode[]): Range {
    const rangeCost = this.cost(range);
    const vars = String(args[0]?.args);
    const stack = this.iterVars.get(vars) ?? [];
    stack.push({ path: this.paths.get(range), kind: this.kind(range) });
    this.iterVars.set(vars, stack);
    const body = args.slice(1).map((n) => this.cost(n));
    stack.pop();
    const count = this.sizeOf(range);
    const [first = fixed(0), second = fixed(0)] = body;
    // Per element: all/exists `@not_strictly_false(...)` (2 or 3) plus `acc && p` (1 + p);
    // exists_one `p ? acc + 1 : acc` (2 + p); map `acc + [f]` (12 + f, plus p when filtered);
    // filter `p ? acc + [x] : acc` (13 + p). Then init ([]: 10 for map/filter) and the result (1, or 2 for exists_one).
    let perElement: Range;
    let fixedCost: Range;
    switch (name) {
      case 'all':
        [perElement, fixedCost] = [add(fixed(3), first), fixed(1)];
        break;
      case 'exists':
        [perElement, fixedCost] = [add(fixed(4), first), fixed(1)];
        break;
      case 'exists_one':
        [perElement, fixedCost] = [add(fixed(2), first), fixed(2)];
        break;
      case 'map':
        [perElement, fixedCost] = [add(fixed(12), first, second), fixed(11)];
        this.sizes.set(node, count);
        break;
      default:
        [perElement, fixedCost] = [add(fixed(13), first), fixed(11)];
        this.sizes.set(node, count);
    }
    return add(rangeCost, fixedCost, multiply(count, perElement));
  }
}

/** A call operand sized on demand (a class, so that pricing a call makes no closures). */
class NodeOperand implements Operand {
  readonly type: string;
  readonly literal: unknown;

  constructor(
    private readonly coster: Coster,
    private readonly node: ASTNode,
  ) {
    this.type = coster.typeName(node);
    this.literal = node.op === 'value' ? node.args : undefined;
  }

  size(): Range {
    return this.coster.sizeOf(this.node);
  }

  itemSize(): Range {
    return this.coster.itemSizeOf(this.node);
  }
}

/** The estimated cost range of a type-checked expression, with sizes from `sizeAt`. */
export function estimateCost(ast: ASTNode, sizeAt: SizeOracle): Range {
  return new Coster(sizeAt).cost(ast);
}
