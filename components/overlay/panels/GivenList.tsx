import type { FeedbackEvent } from '../../../storage/schema';
import { useAnswer } from '../use-answer';

/** Items the user added (keys with a prefix), each removable (a tombstone). */
export function GivenList({
  prefix,
  describe,
  removeLabel,
}: {
  prefix: string;
  describe(e: FeedbackEvent): string;
  /** The ✕ button's accessible name, for the item's text. */
  removeLabel(text: string): string;
}) {
  const given = useAnswer((s) => s.given);
  const retract = useAnswer((s) => s.retract);
  const items = Object.entries(given).filter(([key]) => key.startsWith(prefix));
  if (items.length === 0) return null;
  return (
    <ul className="added">
      {items.map(([key, event]) => (
        <li key={key}>
          <span>{describe(event)}</span>
          <button type="button" aria-label={removeLabel(describe(event))} onClick={() => void retract(key)}>
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
