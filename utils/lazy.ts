/**
 * A value built on first use. Schemas in content-script code are wrapped in this so that
 * injecting the overlay constructs none of them until a page actually needs one.
 */
export function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}
