import type { AnyCommand, FlagSpec } from './command.js';

/** Formats `--help` text for a command: usage, subcommands, positionals and flags with defaults. */
export function formatHelp(cmd: AnyCommand, path: readonly string[] = [cmd.name]): string {
  const lines: string[] = [cmd.summary, '', 'Usage:'];
  const pos = (cmd.positionals ?? [])
    .map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`) + (p.variadic ? '...' : ''))
    .join(' ');
  if (cmd.run) lines.push(`  ${[...path, pos].filter(Boolean).join(' ')} [flags]`);
  if (cmd.subcommands?.length) lines.push(`  ${path.join(' ')} <command> [flags]`);
  if (cmd.subcommands?.length) {
    lines.push('', 'Commands:');
    const w = Math.max(...cmd.subcommands.map((s) => s.name.length));
    for (const s of cmd.subcommands) lines.push(`  ${s.name.padEnd(w)}  ${s.summary}`);
  }
  if (cmd.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of cmd.positionals) lines.push(`  ${p.name}  ${p.description}`);
  }
  const flags = Object.entries(cmd.flags as Record<string, FlagSpec>);
  lines.push('', 'Flags:');
  const rendered: Array<readonly [string, string]> = flags.map(
    ([n, s]) => [`${s.short ? `-${s.short}, ` : ''}--${n}${placeholder(s)}`, describe(s)] as const,
  );
  rendered.push(['-h, --help', 'show this help']);
  const w = Math.max(...rendered.map(([l]) => l.length));
  for (const [l, d] of rendered) lines.push(`  ${l.padEnd(w)}  ${d}`);
  if (cmd.subcommands?.length) lines.push('', `Run '${path.join(' ')} <command> --help' for more about a command.`);
  return lines.join('\n') + '\n';
}

function placeholder(s: FlagSpec): string {
  if (s.type === 'boolean') return '';
  return ` ${s.placeholder ?? (s.type === 'number' ? 'N' : s.type === 'list' ? 'A,B' : 'VALUE')}`;
}

function describe(s: FlagSpec): string {
  const parts = [s.description];
  if (s.type === 'string' && s.choices) parts.push(`(one of ${s.choices.join(', ')})`);
  const d = s.default;
  if (d !== undefined && !(Array.isArray(d) && d.length === 0) && d !== false) {
    parts.push(`(default ${Array.isArray(d) ? d.join(',') : String(d)})`);
  }
  return parts.join(' ');
}
