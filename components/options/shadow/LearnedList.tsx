import { useEffect, useState } from 'react';
import { getDb } from '../../../storage/db';
import { type LearnedFromLog, readLearnedFromLog } from '../../../utils/shadow/learned-from-log';
import { describeLearned } from '../../../utils/shadow/learned-words';

function List({ title, items, testId, empty }: { title: string; items: string[]; testId: string; empty: string }) {
  return (
    <>
      <h4>{title}</h4>
      {items.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul data-testid={testId}>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** What the shadow has learned, in words, read from the user's own feedback since the last reset. */
export function LearnedList({ since }: { since: string | null }) {
  const [learned, setLearned] = useState<LearnedFromLog | null>(null);
  useEffect(() => {
    void readLearnedFromLog(getDb(), since).then(setLearned);
  }, [since]);
  if (!learned) return <p className="hint">Reading your feedback…</p>;
  const words = describeLearned(learned.domains, learned.aspects);
  return (
    <div data-testid="shadow-learned">
      <p className="hint">
        {since ? `From your feedback since ${new Date(since).toLocaleString()}` : 'From all your feedback'}
        {learned.truncated ? ' (the latest part of it)' : ''}. A website counts once you judged at least two of its
        pages, mostly the same way.
      </p>
      <List title="Websites it trusts" items={words.trusted} testId="shadow-trusted" empty="None yet." />
      <List title="Websites it doubts" items={words.doubted} testId="shadow-doubted" empty="None yet." />
      <List title="Topics it remembers you missing" items={words.aspects} testId="shadow-aspects" empty="None yet." />
    </div>
  );
}
