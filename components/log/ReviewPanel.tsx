import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { getDb } from '../../storage/db';
import { inState } from '../../storage/sync/outbox';
import { describeEvent } from '../../utils/describe-event';
import { t } from '../../utils/i18n';
import { type HeldSelection, sendMessage } from '../../utils/messaging/protocol';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { formatNumber, tCount } from './words';

const SHOWN = 200;

/** Held outbox items (review before upload is on): approve them for sync, or keep them out of it. */
export function ReviewPanel() {
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState('');
  const held = useLiveQuery(async () => {
    const db = getDb();
    const [count, rows] = await Promise.all([inState(db, 'held').count(), inState(db, 'held').limit(SHOWN).toArray()]);
    const events = await db.events.bulkGet(rows.map((r) => r.eventId));
    const traces = await db.traces.bulkGet([...new Set(rows.map((r) => r.traceId))]);
    const query = new Map(traces.flatMap((t) => (t ? [[t.id, t.query || t.pageUrl]] : [])));
    const items = rows.flatMap((row, i) => {
      const event = events[i];
      return event ? [{ id: row.eventId, what: describeEvent(event), query: query.get(row.traceId) ?? '' }] : [];
    });
    return { count, items };
  }, []);
  if (!held || held.count === 0) return null;

  const act = async (type: 'approveHeld' | 'skipHeld', ids: HeldSelection) => {
    const reply = await sendMessage(type, ids).catch((e: unknown) => ({
      ok: false as const,
      error: { message: String(e) },
    }));
    if (!reply.ok) return setMessage(reply.error.message);
    setChosen(new Set());
    setMessage(
      type === 'approveHeld'
        ? tCount('logReviewApproved', reply.data.moved)
        : tCount('logReviewKeptOut', reply.data.moved),
    );
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const selected = [...chosen].filter((id) => held.items.some((i) => i.id === id));

  return (
    <section className="review" aria-labelledby="review-heading" data-testid="review-panel">
      <h2 id="review-heading">{t('logReviewHeading', formatNumber(held.count))}</h2>
      <p className="hint">
        {t('logReviewHint')}
        {held.count > SHOWN && ` ${t('logReviewFirstListed', formatNumber(SHOWN))}`}
      </p>
      <ul>
        {held.items.map((item) => (
          <li key={item.id}>
            <label className="inline">
              <input
                type="checkbox"
                checked={chosen.has(item.id)}
                onChange={(e) => toggle(item.id, e.target.checked)}
              />{' '}
              {item.what} <small>{shown(item.query)}</small>
            </label>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" disabled={selected.length === 0} onClick={() => void act('approveHeld', selected)}>
          {t('logReviewApproveSelected')}
        </button>{' '}
        <button type="button" onClick={() => void act('approveHeld', 'all')} data-testid="approve-all">
          {t('logReviewApproveAll')}
        </button>{' '}
        <button type="button" disabled={selected.length === 0} onClick={() => void act('skipHeld', selected)}>
          {t('logReviewKeepOut')}
        </button>
      </p>
      <p role="status">{message}</p>
    </section>
  );
}
