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
 * A 95% interval for median(ext) / median(base) over loads made in rounds, by a two-stage bootstrap with a fixed
 * seed (the same loads give the same interval): rounds are drawn with replacement, the same ones for both sides
 * (a round's browsers ran side by side), then loads within each drawn round. Loads in one browser are alike, and
 * browsers differ: resampling loads alone would claim a precision that a new launch does not keep.
 */
export function ratioInterval(
  base: readonly (readonly number[])[],
  ext: readonly (readonly number[])[],
  iterations = 2_000,
): [number, number] {
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((seed ^ (seed >>> 12)) >>> 0) / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const ratios = Array.from({ length: iterations }, () => {
    const rounds = base.map(() => Math.floor(random() * base.length));
    const draw = (side: readonly (readonly number[])[]) =>
      rounds.flatMap((r) => (side[r] ?? []).map((_, __, loads) => pick(loads)));
    return median(draw(ext)) / median(draw(base));
  }).sort((a, b) => a - b);
  return [ratios[Math.floor(iterations * 0.025)] as number, ratios[Math.floor(iterations * 0.975)] as number];
}
