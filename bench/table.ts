// A plain text table for the benchmark's reports (the first column left-aligned, numbers right-aligned).
export function printTable(out: (line: string) => void, headers: string[], rows: string[][], alignLeft: number[] = [0]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (alignLeft.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out(line(headers));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) out(line(row));
}
