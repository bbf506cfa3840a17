interface Props {
  title: string;
  counts: Record<string, number>;
  /** Fixed order and names; otherwise the largest first. */
  order?: readonly { key: string; name: string }[];
  limit?: number;
  /** Each key's name (without `order`); otherwise the key with its underscores as spaces. */
  nameOf?: (key: string) => string;
  testId: string;
}

const spaced = (key: string) => key.replaceAll('_', ' ');

/** A small horizontal bar chart, sized for the popup. */
export function CountBars({ title, counts, order, limit = 6, nameOf = spaced, testId }: Props) {
  const rows = order
    ? order.map(({ key, name }) => ({ key, name, n: counts[key] ?? 0 }))
    : Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([key, n]) => ({ key, name: nameOf(key), n }));
  if (rows.length === 0) return null;
  const max = Math.max(1, ...rows.map((r) => r.n));
  const id = `bars-${testId}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <dl className="bars" data-testid={testId}>
        {rows.map(({ key, name, n }) => (
          <div key={key} className="bar">
            <dt>{name}</dt>
            <dd data-key={key}>
              <span className="fill" style={{ width: `${(n / max) * 100}%` }} />
              <span className="n">{n}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
