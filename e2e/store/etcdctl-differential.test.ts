/**
 * The same etcdctl sequence against a fresh real etcd and a fresh server under test
 * (WHEELHOUSE_E2E_PEER, default: our store), compared step by step after masking
 * identities, raft numbers, sizes and timings (support/mask.ts). Each row of STEPS is
 * one test, so a difference names the step that shows it. Rows run in order and share
 * state: revisions in comments are those a correct server is at after the row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRealEtcd } from '@wheelhouse/testing';
import { PEER, startPeer } from './support/peer.js';
import { sortAttachedKeys, sortLinesAfter } from './support/mask.js';
import {
  closeSide,
  expectFile,
  learnFrom,
  lease,
  makeSide,
  masked,
  runStep,
  type Args,
  type Outcome,
  type Side,
  type Step,
} from './support/differential.js';

/** A plain etcdctl step. */
function run(name: string, args: Args, extra: Partial<Step> = {}): Step {
  return { name, args, ...extra };
}

/** A `txn` step: `lines` are fed on stdin (compares, blank, success ops, blank, failure ops, blank). */
function txn(name: string, lines: string[], flags: string[] = [], extra: Partial<Step> = {}): Step {
  return { name, args: ['txn', ...flags], stdin: `${lines.join('\n')}\n`, ...extra };
}

/** A check that the txn printed (as json) the branch it took. */
const took = (success: boolean): Partial<Step> => ({
  check: async (_side, raw) => expect(raw.stdout.includes('"succeeded":true')).toBe(success),
});

/** A watch run in the background until it falls quiet (or exits by itself). */
function watch(name: string, args: string[]): Step {
  return { name, bounded: { args: ['watch', ...args], timing: { minMs: 700, quietMs: 400, maxMs: 5_000 } } };
}

const L = (i: number) => (s: Side) => lease(s, i);
const withLease =
  (i: number, f: (id: string) => string[]): Args =>
  (s) =>
    f(L(i)(s));
const sorted = (target: string, order: string) =>
  run(`get --prefix /s/ --sort-by=${target} --order=${order}`, [
    'get',
    '--prefix',
    '/s/',
    `--sort-by=${target}`,
    `--order=${order}`,
  ]);
const TOO_MANY_OPS = ['', ...Array.from({ length: 129 }, (_, i) => `put /many/${i} v`), '', ''];

const WRITES: Step[] = [
  {
    name: 'start a live prefix watch (json, prev-kv)',
    startWatch: {
      name: 'live',
      args: ['watch', '--prefix', '/', '--prev-kv', '--rev', '2', '-w', 'json'],
      settleMs: 500,
    },
  },
  run('put /a 1', ['put', '/a', '1']), // rev 2
  run('put /a 2 --prev-kv', ['put', '/a', '2', '--prev-kv']), // 3
  run('put /b x', ['put', '/b', 'x']), // 4
  run('put /c y', ['put', '/c', 'y']), // 5
  run('put /c/sub z', ['put', '/c/sub', 'z']), // 6
  run('put /e 5', ['put', '/e', '5']), // 7
  run('put /b xx', ['put', '/b', 'xx']), // 8
  run('put /b xxx -w json --prev-kv', ['put', '/b', 'xxx', '-w', 'json', '--prev-kv']), // 9
  run('put "/u ü" "wert ü"', ['put', '/u ü', 'wert ü']), // 10
  // Sort fixture: every sort target orders the four keys differently and without ties.
  ...(
    [
      ['/s/b', '3'],
      ['/s/a', '1'],
      ['/s/d', '4'],
      ['/s/c', '2'],
      ['/s/a', '5'],
      ['/s/c', '7'],
      ['/s/c', '6'],
      ['/s/d', '0'],
      ['/s/c', '8'],
      ['/s/d', '9'],
    ] as const
  ).map(([k, v]) => run(`put ${k} ${v}`, ['put', k, v])), // 11..20
];

const READS: Step[] = [
  run('get /a', ['get', '/a']),
  run('get /a -w json', ['get', '/a', '-w', 'json']),
  run('get /a -w fields', ['get', '/a', '-w', 'fields']),
  run('get --prefix /', ['get', '--prefix', '/']),
  run('get --prefix / --keys-only', ['get', '--prefix', '/', '--keys-only']),
  run('get --prefix /c -w json', ['get', '--prefix', '/c', '-w', 'json']),
  run('get /a --rev 2', ['get', '/a', '--rev', '2']),
  run('get /a --rev 2 -w json', ['get', '/a', '--rev', '2', '-w', 'json']),
  run('get /b --rev 8 -w fields', ['get', '/b', '--rev', '8', '-w', 'fields']),
  run('get --prefix / --rev 6', ['get', '--prefix', '/', '--rev', '6']),
  run('get --prefix /s/ --rev 15 -w json', ['get', '--prefix', '/s/', '--rev', '15', '-w', 'json']),
  run('get --prefix / --limit 2 -w json', ['get', '--prefix', '/', '--limit', '2', '-w', 'json']),
  run('get --prefix / --limit 2', ['get', '--prefix', '/', '--limit', '2']),
  run('get --from-key /c', ['get', '--from-key', '/c']),
  run('get --from-key /c --keys-only --limit 1 -w json', [
    'get',
    '--from-key',
    '/c',
    '--keys-only',
    '--limit',
    '1',
    '-w',
    'json',
  ]),
  run('get --from-key "" --keys-only', ['get', '--from-key', '', '--keys-only']),
  run('get /b /d (explicit range end)', ['get', '/b', '/d']),
  run('get --prefix /s/ --print-value-only', ['get', '--prefix', '/s/', '--print-value-only']),
  run('get /nope', ['get', '/nope']),
  run('get /nope -w json', ['get', '/nope', '-w', 'json']),
  run('get --hex "/u ü"', ['get', '--hex', '/u ü']),
  run('get --consistency=s /a', ['get', '--consistency=s', '/a']),
  sorted('KEY', 'DESCEND'),
  sorted('CREATE', 'ASCEND'),
  sorted('CREATE', 'DESCEND'),
  sorted('MODIFY', 'ASCEND'),
  sorted('MODIFY', 'DESCEND'),
  sorted('VALUE', 'ASCEND'),
  sorted('VALUE', 'DESCEND'),
  sorted('VERSION', 'ASCEND'),
  sorted('VERSION', 'DESCEND'),
  run('get --prefix /s/ --order=DESCEND (sort by key)', ['get', '--prefix', '/s/', '--order=DESCEND']),
  run('get --prefix /s/ --sort-by=MODIFY --order=DESCEND --limit 2 -w json', [
    'get',
    '--prefix',
    '/s/',
    '--sort-by=MODIFY',
    '--order=DESCEND',
    '--limit',
    '2',
    '-w',
    'json',
  ]),
  // Ties (/c, /c/sub, /e, /u ü all at version 1): etcd returns tied keys in key order.
  run('get --prefix / --sort-by=VERSION --keys-only (ties)', [
    'get',
    '--prefix',
    '/',
    '--sort-by=VERSION',
    '--keys-only',
  ]),
];

const PUT_VARIANTS_AND_DELETES: Step[] = [
  run('put /b --ignore-value', ['put', '/b', '--ignore-value']), // 21, /b version 4
  run('get /b -w json (after --ignore-value)', ['get', '/b', '-w', 'json']),
  run('put /nope --ignore-value (missing key)', ['put', '/nope', '--ignore-value']),
  run('put /e 6 --ignore-lease (key without lease)', ['put', '/e', '6', '--ignore-lease']),
  run('put /nope2 x --ignore-lease (missing key)', ['put', '/nope2', 'x', '--ignore-lease']),
  run('get --prefix / -w json (after put variants)', ['get', '--prefix', '/', '-w', 'json']),
  run('del /nope', ['del', '/nope']),
  run('del /a --prev-kv', ['del', '/a', '--prev-kv']),
  run('del --prefix /c -w json', ['del', '--prefix', '/c', '-w', 'json']),
  run('del --from-key /s/c --prev-kv', ['del', '--from-key', '/s/c', '--prev-kv']),
  run('del /s/a /s/b (explicit range end)', ['del', '/s/a', '/s/b']),
  run('get --from-key "" (after deletes)', ['get', '--from-key', '']),
];

const TXNS: Step[] = [
  txn('txn: value/version/create/mod compares hold -> success branch', [
    'value("/b") = "xxx"',
    'version("/b") = "4"',
    'create("/b") = "4"',
    'mod("/b") > "1"',
    '',
    'put /t1 a',
    'get /b',
    'del /e',
    '',
    'put /t1 failure',
    '',
  ]),
  txn('txn: failing value compare -> failure branch', [
    'value("/b") != "xxx"',
    '',
    'put /t2 success',
    '',
    'put /t2 f',
    'get /t1',
    '',
  ]),
  txn(
    'txn -w json: version of a missing key is 0',
    ['version("/nokey") = "0"', '', 'put /t3 j', 'get /t3', 'del --prev-kv /t1', '', ''],
    ['-w', 'json'],
  ),
  txn(
    'txn -w json: failing mod compare, failure range',
    ['mod("/b") < "5"', '', 'put /t4 s', '', 'get --prefix /t', ''],
    ['-w', 'json'],
  ),
  // At the exact boundary: /b was last modified at revision 21 (`put /b --ignore-value`). Read-only.
  txn(
    'txn -w json: mod("/b") = 21, > 20 and < 22 all hold -> success',
    ['mod("/b") = "21"', 'mod("/b") > "20"', 'mod("/b") < "22"', '', 'get /b', '', '', ''],
    ['-w', 'json'],
    took(true),
  ),
  ...(['>', '<', '!='] as const).map((op) =>
    txn(
      `txn -w json: mod("/b") ${op} 21 fails at the boundary -> failure`,
      [`mod("/b") ${op} "21"`, '', 'get /t1', '', 'get /b', ''],
      ['-w', 'json'],
      took(false),
    ),
  ),
  txn('txn: string order of values and one false compare of two', [
    'value("/b") > "xx"',
    'create("/b") != "4"',
    '',
    'put /t5 s',
    '',
    'put /t5 f',
    '',
  ]),
  txn('txn: compare on a missing key mod = 0, create = 0', [
    'mod("/nokey") = "0"',
    'create("/nokey") = "0"',
    '',
    'put /t6 s',
    '',
    '',
    '',
  ]),
  txn('txn -i: interactive mode prints its prompts', ['value("/b") = "xxx"', '', 'get /b', '', '', ''], ['-i']),
  txn('txn: empty (no compares, no ops)', ['', '', '', '']),
  txn('txn: duplicate key in one branch', ['', 'put /d 1', 'put /d 2', '', '', '']),
  txn('txn: put and delete of the same key', ['', 'put /d 1', 'del /d', '', '', '']),
  txn('txn: 129 operations', TOO_MANY_OPS),
  run('get --prefix /t -w json (after txns)', ['get', '--prefix', '/t', '-w', 'json']),
];

const HISTORY_WATCHES: Step[] = [
  watch('watch --prefix / --rev 1 --prev-kv', ['--prefix', '/', '--rev', '1', '--prev-kv']),
  watch('watch /s/c --rev 14', ['/s/c', '--rev', '14']),
  watch('watch --prefix /s/ --rev 16 --prev-kv', ['--prefix', '/s/', '--rev', '16', '--prev-kv']),
];

const LEASES: Step[] = [
  run('lease grant 600 (lease1)', ['lease', 'grant', '600'], { grantsLease: true }),
  run('lease grant 600 (lease2)', ['lease', 'grant', '600'], { grantsLease: true }),
  run('lease grant 1 (lease3, below the minimum TTL)', ['lease', 'grant', '1'], { grantsLease: true }),
  run('lease timetolive lease3', (s) => ['lease', 'timetolive', L(2)(s)]),
  run('lease revoke lease3', (s) => ['lease', 'revoke', L(2)(s)]),
  run(
    'put /l/a va --lease lease1',
    withLease(0, (id) => ['put', '/l/a', 'va', '--lease', id]),
  ),
  run(
    'put /l/b vb --lease lease1',
    withLease(0, (id) => ['put', '/l/b', 'vb', '--lease', id]),
  ),
  run(
    'put /l/c vc --lease lease2',
    withLease(1, (id) => ['put', '/l/c', 'vc', '--lease', id]),
  ),
  run('get /l/a -w json (lease field)', ['get', '/l/a', '-w', 'json']),
  run(
    'lease timetolive lease1',
    withLease(0, (id) => ['lease', 'timetolive', id]),
  ),
  run(
    'lease timetolive lease1 --keys',
    withLease(0, (id) => ['lease', 'timetolive', id, '--keys']),
    { normalize: sortAttachedKeys },
  ),
  run(
    'lease keep-alive --once lease1',
    withLease(0, (id) => ['lease', 'keep-alive', '--once', id]),
  ),
  run('lease list', ['lease', 'list'], { normalize: sortLinesAfter(1) }),
  run('put /l/a va2 --ignore-lease', ['put', '/l/a', 'va2', '--ignore-lease']),
  run(
    'put /l/c --ignore-value --lease lease1 (moves /l/c)',
    withLease(0, (id) => ['put', '/l/c', '--ignore-value', '--lease', id]),
  ),
  run('get --prefix /l -w json', ['get', '--prefix', '/l', '-w', 'json']),
  run(
    'lease timetolive lease2 --keys (no keys left)',
    withLease(1, (id) => ['lease', 'timetolive', id, '--keys']),
  ),
  run(
    'lease revoke lease1',
    withLease(0, (id) => ['lease', 'revoke', id]),
  ),
  run('get --prefix /l (attached keys gone)', ['get', '--prefix', '/l']),
  run(
    'lease timetolive lease1 (revoked)',
    withLease(0, (id) => ['lease', 'timetolive', id]),
  ),
  run(
    'lease revoke lease1 again',
    withLease(0, (id) => ['lease', 'revoke', id]),
  ),
  run(
    'lease keep-alive --once lease1 (revoked)',
    withLease(0, (id) => ['lease', 'keep-alive', '--once', id]),
  ),
  run(
    'put /x v --lease lease1 (revoked)',
    withLease(0, (id) => ['put', '/x', 'v', '--lease', id]),
  ),
  run('put /x v --lease 1234 (never granted)', ['put', '/x', 'v', '--lease', '1234']),
  run('lease list (lease2 only)', ['lease', 'list']),
  run('lease grant 600 -w json (lease4)', ['lease', 'grant', '600', '-w', 'json'], { grantsLease: true }),
  run(
    'lease revoke lease2',
    withLease(1, (id) => ['lease', 'revoke', id]),
  ),
  run('lease timetolive 1234 (never granted)', ['lease', 'timetolive', '1234']),
];

const COMPACTION: Step[] = [
  run('compaction 5', ['compaction', '5']),
  run('get /a --rev 4 (compacted)', ['get', '/a', '--rev', '4']),
  run('get /b --rev 5 (at the compaction)', ['get', '/b', '--rev', '5']),
  run('get --prefix / --rev 6 -w json', ['get', '--prefix', '/', '--rev', '6', '-w', 'json']),
  run('compaction 5 again', ['compaction', '5']),
  run('compaction 3 (below)', ['compaction', '3']),
  run('compaction 100000 (future)', ['compaction', '100000']),
  run('get /b --rev 100000 (future)', ['get', '/b', '--rev', '100000']),
  watch('watch /a --rev 2 (compacted)', ['/a', '--rev', '2']),
  watch('watch --prefix /s/ --rev 5 (exactly the compaction)', ['--prefix', '/s/', '--rev', '5']),
  run('compaction 6 --physical', ['compaction', '6', '--physical']),
  run('get /a --rev 5 (compacted at 6)', ['get', '/a', '--rev', '5']),
];

const MAINTENANCE: Step[] = [
  run('defrag', ['defrag']),
  run('alarm list', ['alarm', 'list']),
  run('alarm list -w json', ['alarm', 'list', '-w', 'json']),
  run('alarm disarm (nothing raised)', ['alarm', 'disarm']),
  run('member list', ['member', 'list']),
  run('member list -w table', ['member', 'list', '-w', 'table']),
  run('member list -w json', ['member', 'list', '-w', 'json']),
  run('endpoint health', ['endpoint', 'health']),
  run('endpoint health -w json', ['endpoint', 'health', '-w', 'json']),
  run('endpoint health -w table', ['endpoint', 'health', '-w', 'table']),
  run('endpoint status -w json', ['endpoint', 'status', '-w', 'json']),
  run('endpoint status -w table', ['endpoint', 'status', '-w', 'table']),
  run('endpoint hashkv -w json (hash masked)', ['endpoint', 'hashkv', '-w', 'json']),
  // The same per-endpoint maintenance calls with a scheme-less endpoint: etcdctl then sends
  // `:authority: 127.0.0.1:PORT` instead of `http://127.0.0.1:PORT` on these calls.
  run('defrag (endpoint without http://)', ['defrag'], { schemeless: true }),
  run('endpoint status -w json (endpoint without http://)', ['endpoint', 'status', '-w', 'json'], { schemeless: true }),
  run('endpoint status -w table (endpoint without http://)', ['endpoint', 'status', '-w', 'table'], {
    schemeless: true,
  }),
  run('endpoint hashkv -w json (endpoint without http://)', ['endpoint', 'hashkv', '-w', 'json'], { schemeless: true }),
  run('snapshot save', (s) => ['snapshot', 'save', join(s.dir.path, 'snap.db')], {
    check: (s, raw) => (raw.exit === 0 ? expectFile(join(s.dir.path, 'snap.db'), 33) : Promise.resolve()),
  }),
];

const ERRORS: Step[] = [
  run('put "" v (empty key)', ['put', '', 'v']),
  run('get "" (empty key)', ['get', '']),
  run('del "" (empty key)', ['del', '']),
  run('get /b --rev -1', ['get', '/b', '--rev', '-1']),
  run('lease revoke 1234 (never granted)', ['lease', 'revoke', '1234']),
  run('lease keep-alive --once 1234 (never granted)', ['lease', 'keep-alive', '--once', '1234']),
  run('lease grant 9000000001 (TTL too large)', ['lease', 'grant', '9000000001']),
  run('lease grant 0 (gets the minimum TTL)', ['lease', 'grant', '0'], { grantsLease: true }),
  run('put /big with a 2 MB value (request too large)', ['put', '/big'], { stdin: 'a'.repeat(2_000_000) }),
];

const END: Step[] = [
  run('put /z last', ['put', '/z', 'last']),
  { name: 'the live watch saw every change since rev 2', stopWatch: { name: 'live', quietMs: 700 } },
];

/** The whole sequence, in order. */
const STEPS: Step[] = [
  ...WRITES,
  ...READS,
  ...PUT_VARIANTS_AND_DELETES,
  ...TXNS,
  ...HISTORY_WATCHES,
  ...LEASES,
  ...COMPACTION,
  ...MAINTENANCE,
  ...ERRORS,
  ...END,
];

/** With WHEELHOUSE_E2E_DUMP=file, every step's masked outputs are appended there for reading. */
function dump(step: Step, a: Outcome, b: Outcome): void {
  const file = process.env.WHEELHOUSE_E2E_DUMP;
  if (!file) return;
  const show = (o: Outcome) => `exit ${o.exit}\n--- stdout\n${o.stdout}\n--- stderr\n${o.stderr}\n`;
  appendFileSync(
    file,
    `=== ${step.name}\n${show(a)}${JSON.stringify(a) === JSON.stringify(b) ? '(same)\n' : `--- ${PEER}:\n${show(b)}`}\n`,
  );
}

describe(`etcdctl 3.4: real etcd vs ${PEER}`, () => {
  let oracle: Side;
  let peer: Side;

  beforeAll(async () => {
    const [a, b] = await Promise.all([startRealEtcd(), startPeer()]);
    [oracle, peer] = await Promise.all([makeSide('etcd', a), makeSide(PEER, b)]);
  });

  afterAll(async () => {
    await Promise.all([oracle, peer].filter(Boolean).map((s) => closeSide(s)));
  });

  for (const step of STEPS) {
    it(step.name, async () => {
      const [rawA, rawB] = await Promise.all([runStep(oracle, step), runStep(peer, step)]);
      learnFrom(oracle, step, rawA);
      learnFrom(peer, step, rawB);
      await step.check?.(oracle, rawA);
      await step.check?.(peer, rawB);
      const [a, b] = [masked(oracle, step, rawA), masked(peer, step, rawB)];
      dump(step, a, b);
      expect(b).toEqual(a);
    });
  }
});
