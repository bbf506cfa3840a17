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

/**
 * A 95% interval for median(ext) / median(base), by bootstrap over the runs (resampling each side with a fixed
 * seed, so the same runs give the same interval): how far the ratio could move on another run.
 */
export function ratioInterval(base: readonly number[], ext: readonly number[], iterations = 2_000): [number, number] {
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((seed ^ (seed >>> 12)) >>> 0) / 2 ** 32;
  };
  const resample = (xs: readonly number[]) => xs.map(() => xs[Math.floor(random() * xs.length)] as number);
  const ratios = Array.from({ length: iterations }, () => median(resample(ext)) / median(resample(base))).sort(
    (a, b) => a - b,
  );
  return [ratios[Math.floor(iterations * 0.025)] as number, ratios[Math.floor(iterations * 0.975)] as number];
}
