/**
 * Request framing and decoding as strict as etcd's grpc-go server, checked before
 * grpc-js sees a message (grpc-js alone accepts a compressed flag with no encoding, any
 * flag byte other than 1 as "uncompressed", gzip-compressed requests, and protobufjs
 * reads fields whatever their wire type). Each refusal carries grpc-go's status and text:
 *
 * - `grpc-encoding` other than identity: UNIMPLEMENTED
 *   `grpc: Decompressor is not installed for grpc-encoding "gzip"` (etcd installs none);
 * - compressed flag (1) with no encoding: INTERNAL
 *   `grpc: compressed flag set with identity or empty encoding`;
 * - any other flag byte: INTERNAL `grpc: received unexpected payload format 7`;
 * - a length over the receive limit: RESOURCE_EXHAUSTED
 *   `grpc: received message larger than max (N vs. M)`, before its bytes are buffered;
 * - a message gogo would not unmarshal (wire-check.ts): INTERNAL
 *   `grpc: error unmarshalling request: <gogo's text>` for unary methods, and
 *   `grpc: failed to unmarshal the received message <gogo's text>` for streams;
 * - a unary or server-streaming request that ends without a whole message: UNKNOWN
 *   `EOF` (no bytes), or `unexpected EOF` (UNKNOWN for unary, INTERNAL for streams).
 *
 * It runs as a grpc-js server interceptor. grpc-js gives interceptors no access to the
 * raw bytes, so it reaches into the base call for two members (the `grpc-encoding` it
 * parsed and the method that receives each DATA chunk); the tests that send raw frames
 * fail loudly if a grpc-js upgrade moves them. Like grpc-go, a unary or server-streaming
 * method reads its first message only (anything after it is dropped); a bidi stream's
 * every message is checked.
 * A bad message is never passed on (nor, on a stream, the rest of the chunk carrying it).
 */
import {
  ServerInterceptingCall,
  status as Status,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import type { WireChecker } from './wire-check.js';

/** What the interceptor needs to know about one method. */
interface MethodRule {
  /** Full name of the request type, e.g. `etcdserverpb.PutRequest`. */
  requestType: string;
  /** grpc-go reads one request message for unary and server-streaming methods, many for bidi streams. */
  kind: 'unary' | 'serverStream' | 'bidi';
}

/** The members of grpc-js's BaseServerInterceptingCall this module uses (see the module comment). */
interface BaseCallInternals {
  incomingEncoding?: unknown;
  handleDataFrame?: (data: Buffer) => void;
  handleEndEvent?: () => void;
}

interface Refusal {
  code: Status;
  details: string;
}

/** Builds the method table for `strictWire` from service definitions (proto-loader's, which name the request types). */
export function methodRules(services: ServiceDefinition[]): Map<string, MethodRule> {
  const rules = new Map<string, MethodRule>();
  for (const service of services) {
    for (const def of Object.values(service)) {
      const requestType = (def as { requestType?: { type?: { name?: string } } }).requestType?.type?.name;
      if (!requestType) throw new Error(`method ${def.path} has no request type`);
      const pkg = def.path.slice(1, def.path.lastIndexOf('.'));
      const kind = def.requestStream ? 'bidi' : def.responseStream ? 'serverStream' : 'unary';
      rules.set(def.path, { requestType: `${pkg}.${requestType}`, kind });
    }
  }
  return rules;
}

/** The interceptor (see the module comment). `maxReceiveBytes` is the largest message accepted. */
export function strictWire(
  checker: WireChecker,
  methods: Map<string, MethodRule>,
  maxReceiveBytes: number,
): ServerInterceptor {
  return (descriptor, call) => {
    const rule = methods.get(descriptor.path);
    const base = call as unknown as BaseCallInternals;
    const receive = base.handleDataFrame;
    const end = base.handleEndEvent;
    if (!rule || typeof receive !== 'function' || typeof end !== 'function')
      throw new Error(`grpc-js internals changed: cannot check ${descriptor.path} requests`);
    const refuse = (r: Refusal): void => call.sendStatus({ code: r.code, details: r.details });
    const encoding = typeof base.incomingEncoding === 'string' ? base.incomingEncoding : 'identity';
    if (encoding !== 'identity') {
      refuse({
        code: Status.UNIMPLEMENTED,
        details: `grpc: Decompressor is not installed for grpc-encoding "${encoding}"`,
      });
      return new ServerInterceptingCall(call);
    }
    const frames = new RequestFrames(rule, checker, maxReceiveBytes);
    base.handleDataFrame = (data) => {
      if (frames.refused || frames.done()) return;
      const r = frames.push(data);
      if (typeof r !== 'number') refuse(r);
      else if (r > 0) receive.call(call, r === data.length ? data : data.subarray(0, r));
    };
    base.handleEndEvent = () => {
      const r = frames.refused ? undefined : frames.end();
      if (r) refuse(r);
      else if (!frames.refused) end.call(call);
    };
    return new ServerInterceptingCall(call as ServerInterceptingCallInterface);
  };
}

/** Splits one call's request bytes into gRPC messages and judges each as grpc-go would. */
class RequestFrames {
  refused = false;
  private head: number[] = [];
  private body: Buffer[] = [];
  private remaining = 0;
  private messages = 0;
  private bytes = 0;

  constructor(
    private readonly rule: MethodRule,
    private readonly checker: WireChecker,
    private readonly maxBytes: number,
  ) {}

  /**
   * Takes the next chunk; returns a refusal for the first bad message in it, or how many
   * of its bytes to pass on (all of them, except what follows a unary call's message).
   */
  push(chunk: Buffer): Refusal | number {
    this.bytes += chunk.length;
    let i = 0;
    while (i < chunk.length) {
      if (this.done()) return i;
      if (this.head.length < 5) {
        this.head.push(chunk[i++]!);
        if (this.head.length === 5) {
          const r = this.onHead();
          if (r) return this.refuse(r);
        }
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - i);
      this.body.push(chunk.subarray(i, i + take));
      this.remaining -= take;
      i += take;
      if (this.remaining === 0) {
        const r = this.onMessage();
        if (r) return this.refuse(r);
      }
    }
    return chunk.length;
  }

  /** The request ended (client half-close): a single-request call must have sent a whole message. */
  end(): Refusal | undefined {
    if (this.rule.kind === 'bidi' || this.messages > 0) return undefined;
    if (this.bytes === 0) return this.refuse({ code: Status.UNKNOWN, details: 'EOF' });
    // grpc-go's unary path reports a torn message as UNKNOWN, its streaming path as INTERNAL.
    return this.refuse({
      code: this.rule.kind === 'unary' ? Status.UNKNOWN : Status.INTERNAL,
      details: 'unexpected EOF',
    });
  }

  /** The first message is all grpc-go reads of a unary or server-streaming call: what follows it is dropped. */
  done(): boolean {
    return this.rule.kind !== 'bidi' && this.messages > 0;
  }

  private onHead(): Refusal | undefined {
    const [flag, b1, b2, b3, b4] = this.head as [number, number, number, number, number];
    const length = ((b1 << 24) >>> 0) + (b2 << 16) + (b3 << 8) + b4;
    if (flag === 1)
      return { code: Status.INTERNAL, details: 'grpc: compressed flag set with identity or empty encoding' };
    if (flag !== 0) return { code: Status.INTERNAL, details: `grpc: received unexpected payload format ${flag}` };
    if (length > this.maxBytes)
      return {
        code: Status.RESOURCE_EXHAUSTED,
        details: `grpc: received message larger than max (${length} vs. ${this.maxBytes})`,
      };
    this.remaining = length;
    return length === 0 ? this.onMessage() : undefined;
  }

  private onMessage(): Refusal | undefined {
    const message = this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body);
    this.head = [];
    this.body = [];
    this.messages++;
    const err = this.checker.check(this.rule.requestType, message);
    if (err === undefined) return undefined;
    const details =
      this.rule.kind === 'unary'
        ? `grpc: error unmarshalling request: ${err}`
        : `grpc: failed to unmarshal the received message ${err}`;
    return { code: Status.INTERNAL, details };
  }

  private refuse(r: Refusal): Refusal {
    this.refused = true;
    return r;
  }
}
