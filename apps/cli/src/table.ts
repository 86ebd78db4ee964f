/**
 * Columns as kubectl's tabwriter prints them: every cell but the last padded to its column's
 * width plus three spaces (at least six), trailing spaces trimmed.
 */

/** Column widths fitting `lines`, never narrower than `atLeast` (widths printed before). */
export function widthsOf(lines: readonly (readonly string[])[], atLeast: readonly number[] = []): number[] {
  const widths = [...atLeast];
  for (const line of lines) line.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return widths;
}

/** One printed line in columns of `widths`. */
export function formatLine(cells: readonly string[], widths: readonly number[]): string {
  return (
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(Math.max(6, (widths[i] ?? 0) + 3))))
      .join('')
      .trimEnd() + '\n'
  );
}

/** Renders rows under their (upper-case) headers, aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [headers, ...rows];
  const widths = widthsOf(lines);
  return lines.map((l) => formatLine(l, widths)).join('');
}

/** Lines printed as they come, in columns that only grow (kubectl's tabwriter keeps its widths between flushes). */
export class GrowingColumns {
  private widths: number[] = [];

  /** The text of `lines`, widening the columns to fit them. */
  format(lines: readonly (readonly string[])[]): string {
    this.widths = widthsOf(lines, this.widths);
    return lines.map((l) => formatLine(l, this.widths)).join('');
  }
}
