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
  // Kept with the reset time it was read for, so a reset never shows the list from before it under the new date.
  const [read, setRead] = useState<{ since: string | null; learned: LearnedFromLog } | null>(null);
  useEffect(() => {
    let current = true;
    void readLearnedFromLog(getDb(), since).then((learned) => {
      if (current) setRead({ since, learned });
    });
    return () => {
      current = false;
    };
  }, [since]);
  if (!read || read.since !== since) return <p className="hint">Reading your feedback…</p>;
  const { learned } = read;
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
