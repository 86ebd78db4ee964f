/**
 * Masking of etcdctl output so that a real etcd's output and the store's compare equal
 * exactly when they say the same thing.
 *
 * What is masked, and nothing else:
 * - identities each server picks for itself: cluster ID, member ID, lease IDs, its
 *   client and peer URLs, the test's temp paths. Each is replaced by a placeholder
 *   naming its role (`<member>`, `<lease1>`, ...), so the masked outputs still show
 *   WHICH identity is referred to (e.g. `leader` must equal `<member>`). IDs are
 *   recognised only in the places etcdctl prints them, never by a bare number search.
 * - raft terms and indexes, database sizes, the server version string and KV hashes;
 * - timings: log timestamps, `took` durations, the client's random connection UUID,
 *   and a lease's remaining TTL when it is plausible (granted-5 <= remaining <= granted+2);
 *   an implausible remaining TTL is left as is and shows up as a difference.
 * - tables (`-w table`) are reduced to their cells: etcdctl pads columns to the widest
 *   cell, which is client layout, not server behaviour, and would differ as soon as one
 *   masked cell differs in width.
 * Revisions, keys, values, versions of keys, counts, flags, exit codes and error texts
 * are never masked.
 */

/** IDs, URLs and paths one server uses, each mapped to its placeholder. */
export class Identities {
  private readonly ids = new Map<bigint, string>();
  private readonly texts: Array<[string, string]> = [];

  /** Registers a 64-bit ID (cluster, member, lease) under `placeholder`. */
  addId(id: bigint, placeholder: string): void {
    if (id !== 0n && !this.ids.has(id)) this.ids.set(id, placeholder);
  }

  /** Registers a literal text (URL, path) under `placeholder`; longer texts are replaced first. */
  addText(text: string, placeholder: string): void {
    if (text === '' || this.texts.some(([t]) => t === text)) return;
    this.texts.push([text, placeholder]);
    this.texts.sort((a, b) => b[0].length - a[0].length);
  }

  /** The placeholder of `id`, or undefined when unknown. */
  placeholderOf(id: bigint): string | undefined {
    return this.ids.get(id);
  }

  /** Every registered text with its placeholder, longest first. */
  textReplacements(): ReadonlyArray<readonly [string, string]> {
    return this.texts;
  }
}

/** Masks one etcdctl output (stdout or stderr) of the server that `ids` describes. */
export function maskEtcdctlOutput(text: string, ids: Identities): string {
  let out = replaceTexts(text, ids);
  out = maskTables(out, ids);
  out = maskDecimalIds(out, ids);
  out = maskHexIds(out, ids);
  out = maskVolatileFields(out);
  out = maskTimings(out);
  return out;
}

function replaceTexts(text: string, ids: Identities): string {
  let out = text;
  for (const [literal, placeholder] of ids.textReplacements()) out = out.split(literal).join(placeholder);
  return out;
}

function idFromDecimal(ids: Identities, digits: string): string | undefined {
  return ids.placeholderOf(BigInt(digits));
}

function idFromHex(ids: Identities, hex: string): string | undefined {
  return ids.placeholderOf(BigInt(`0x${hex}`));
}

/** Field names under which etcdctl prints 64-bit IDs in decimal (json, fields, alarm list). */
const DECIMAL_ID_FIELD =
  /("(?:cluster_id|member_id|leader|ID|id|lease|memberID|ClusterID|MemberID|Lease)"\s*:\s*|\bmemberID:)(\d+)/g;

function maskDecimalIds(text: string, ids: Identities): string {
  return text.replace(DECIMAL_ID_FIELD, (all, prefix: string, digits: string) => {
    const p = idFromDecimal(ids, digits);
    return p ? `${prefix}${p}` : all;
  });
}

/** Places where etcdctl prints IDs in hex: `lease <id> ...`, lease list lines, `member list` lines. */
const HEX_ID_PLACES: RegExp[] = [
  /(\blease )([0-9a-f]{1,16})\b/g,
  /^()([0-9a-f]{16})$/gm,
  /^()([0-9a-f]{1,16})(?=, (?:started|unstarted), )/gm,
];

function maskHexIds(text: string, ids: Identities): string {
  let out = text;
  for (const re of HEX_ID_PLACES) {
    out = out.replace(re, (all, prefix: string, hex: string) => {
      const p = idFromHex(ids, hex);
      return p ? `${prefix}${p}` : all;
    });
  }
  return out;
}

/** Status fields whose values depend on raft, the storage engine or the build, not on the data. */
function maskVolatileFields(text: string): string {
  return text
    .replace(/("(?:raft_term|raftTerm|raftIndex|raftAppliedIndex|dbSize|dbSizeInUse|hash)":)\d+/g, '$1<n>')
    .replace(/("RaftTerm" : )\d+/g, '$1<n>')
    .replace(/("version":)"[^"]*"/g, '$1<version>')
    .replace(/("size":)"[^"]*"/g, '$1<size>');
}

function maskTimings(text: string): string {
  return text
    .replace(/("ts":)("[^"]*"|[0-9.e+]+)/g, '$1<ts>')
    .replace(/("took":)("[^"]*"|[0-9.e+-]+)/g, '$1<took>')
    .replace(/(took = )\S+/g, '$1<took>')
    .replace(/(endpoint:\/\/client-)[0-9a-f-]+/g, '$1<uuid>')
    .replace(/granted with TTL\((\d+)s\), remaining\((-?\d+)s\)/g, (all, granted: string, remaining: string) => {
      const [g, r] = [Number(granted), Number(remaining)];
      return r >= g - 5 && r <= g + 2 ? `granted with TTL(${granted}s), remaining(<ttl>)` : all;
    });
}

/** Columns of etcdctl tables whose cells are masked, and the ID column mapped to placeholders. */
const VOLATILE_COLUMNS = new Set([
  'VERSION',
  'DB SIZE',
  'RAFT TERM',
  'RAFT INDEX',
  'RAFT APPLIED INDEX',
  'TOOK',
  'HASH',
]);

function maskTables(text: string, ids: Identities): string {
  let header: string[] | undefined;
  return text
    .split('\n')
    .map((line) => {
      if (/^\+[-+]+\+$/.test(line)) return '+';
      if (!/^\|.*\|$/.test(line)) {
        header = undefined;
        return line;
      }
      const cells = line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim());
      if (!header) {
        header = cells;
        return `| ${cells.join(' | ')} |`;
      }
      const masked = cells.map((cell, i) => maskCell(header![i] ?? '', cell, ids));
      return `| ${masked.join(' | ')} |`;
    })
    .join('\n');
}

function maskCell(column: string, cell: string, ids: Identities): string {
  if (VOLATILE_COLUMNS.has(column)) return '<masked>';
  if (column === 'ID' && /^[0-9a-f]{1,16}$/.test(cell)) return idFromHex(ids, cell) ?? cell;
  return cell;
}

/** Sorts the lines of `text` after the first `skip` lines: for lists whose order etcd leaves unspecified. */
export function sortLinesAfter(skip: number): (text: string) => string {
  return (text) => {
    const lines = text.split('\n');
    const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
    const sorted = [...lines.slice(0, skip), ...lines.slice(skip).sort()];
    return trailing === undefined ? sorted.join('\n') : `${sorted.join('\n')}\n`;
  };
}

/**
 * Sorts the key list of `lease timetolive --keys` (`attached keys([b a])`): etcd keeps a
 * lease's keys in a Go map, so their order is unspecified.
 */
export function sortAttachedKeys(text: string): string {
  return text.replace(
    /attached keys\(\[([^\]]*)\]\)/g,
    (_all, keys: string) => `attached keys([${keys.split(' ').sort().join(' ')}])`,
  );
}
