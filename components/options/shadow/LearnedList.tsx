import { useEffect, useState } from 'react';
import { getDb } from '../../../storage/db';
import { t } from '../../../utils/i18n';
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

/** Which feedback the list is read from, and when a website counts. */
function fromWhat(since: string | null, truncated: boolean): string {
  if (since === null) return truncated ? t('shadowLearnedFromAllLatest') : t('shadowLearnedFromAll');
  const date = new Date(since).toLocaleString();
  return truncated ? t('shadowLearnedFromSinceLatest', date) : t('shadowLearnedFromSince', date);
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
  if (!read || read.since !== since) return <p className="hint">{t('shadowLearnedReading')}</p>;
  const { learned } = read;
  const words = describeLearned(learned.domains, learned.aspects);
  return (
    <div data-testid="shadow-learned">
      <p className="hint">{fromWhat(since, learned.truncated)}</p>
      <List
        title={t('shadowLearnedTrusted')}
        items={words.trusted}
        testId="shadow-trusted"
        empty={t('shadowNoneYet')}
      />
      <List
        title={t('shadowLearnedDoubted')}
        items={words.doubted}
        testId="shadow-doubted"
        empty={t('shadowNoneYet')}
      />
      <List
        title={t('shadowLearnedAspects')}
        items={words.aspects}
        testId="shadow-aspects"
        empty={t('shadowNoneYet')}
      />
    </div>
  );
}
