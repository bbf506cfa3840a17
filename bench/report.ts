export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** Ratio of the figure to its baseline that the issue asks for, and which way is good. */
  target?: { ratio: number; atLeast: boolean } | { max: number };
  note?: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1));

export function printFigure(f: Figure): boolean {
  let line = `${f.name}: ${fmt(f.value)} ${f.unit}`;
  let ok = true;
  if (f.baseline) {
    const ratio = f.value / f.baseline.value;
    line += `  vs ${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit}  → ${ratio.toFixed(2)}x`;
    if (f.target && 'ratio' in f.target) {
      ok = f.target.atLeast ? ratio >= f.target.ratio : ratio <= f.target.ratio;
      line += `  (target ${f.target.atLeast ? '≥' : '≤'} ${f.target.ratio.toFixed(2)}x: ${ok ? 'met' : 'MISSED'})`;
    }
  }
  if (f.target && 'max' in f.target) {
    ok = f.value <= f.target.max;
    line += `  (target ≤ ${fmt(f.target.max)} ${f.unit}: ${ok ? 'met' : 'MISSED'})`;
  }
  if (f.note) line += `  [${f.note}]`;
  console.log(line);
  return ok;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
