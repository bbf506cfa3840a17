import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../components/log/export-download';
import { FilterBar } from '../../../components/log/FilterBar';
import { labelName, originName } from '../../../components/log/filter-words';
import { LogTable } from '../../../components/log/LogTable';
import { confirmText } from '../../../components/log/use-deletion';
import { listOf, tCount } from '../../../components/log/words';
import { GivenSummary } from '../../../components/study/GivenSummary';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe("the log page's words", () => {
  it('counts with the plural form and the number written the English way', () => {
    expect(tCount('logCountEvents', 1)).toBe('1 feedback event');
    expect(tCount('logCountEvents', 0)).toBe('0 feedback events');
    expect(tCount('logCountEvents', 3000)).toBe('3,000 feedback events');
    expect(tCount('logCountEventsMatch', 1)).toBe('1 feedback event matches');
    expect(tCount('logCountEventsMatch', 2)).toBe('2 feedback events match');
    expect(tCount('logExportProgressCount', 1200, '300')).toBe('Exporting… 300 of 1,200 events read');
  });

  it('name labels and origins from the messages, and an unknown label by its identifier', () => {
    expect(labelName('partially_supports')).toBe('partially supports');
    expect(labelName('some_new_label')).toBe('some new label');
    expect(originName('shadow_confirmed')).toBe('Suggested, and you agreed');
    expect(listOf(['incorrect', 'irrelevant'])).toBe('incorrect, irrelevant');
  });

  it('confirm a deletion in whole sentences', () => {
    expect(confirmText({ kind: 'filtered', filter: { labels: ['irrelevant'] }, count: 2 }).message).toBe(
      'This deletes the 2 feedback events that match the filter. This cannot be undone.',
    );
    expect(confirmText({ kind: 'filtered', filter: { siteIds: ['google'] }, count: 2 }).message).toBe(
      'This deletes the answers that match the filter, with all their feedback. This cannot be undone.',
    );
    expect(confirmText({ kind: 'all' }).confirmLabel).toBe('Delete everything');
  });

  it('write sizes with their unit', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(4300)).toBe('4.2 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });

  it('render the table and the filter in English', () => {
    const table = renderToStaticMarkup(
      <LogTable
        rows={[]}
        total={0}
        complete
        selectedTraceId={undefined}
        siteName={(id) => id}
        onNeedRows={() => {}}
        onOpen={() => {}}
        onDelete={() => {}}
      />,
    );
    expect(text(table)).toBe('When Site Query Feedback Origin About Actions No feedback matches.');
    expect(table).toContain('aria-label="Feedback, newest first"');
    const filter = renderToStaticMarkup(<FilterBar filter={{}} sites={[]} onChange={() => {}} />);
    expect(text(filter)).toContain('Stage Any stage Decomposition Sources Answer Overall');
    expect(text(filter)).toContain('irrelevant (a sub-query or answer text)');
    expect(filter).toContain('placeholder="Queries and comments"');
  });

  it('say what a study holds in whole sentences', () => {
    const enrolment = {
      studyId: 's',
      studyName: 'Sleep answers',
      collector: 'https://collector.example',
      participantId: 'p',
      enrolledAt: '2025-03-01T10:00:00.000Z',
      leftAt: null,
      receipts: { traces: 1, events: 2, eventsByStage: { overall: 2 }, lastStoredAt: null },
      receiptsAt: null,
    };
    const html = renderToStaticMarkup(<GivenSummary enrolment={enrolment} lastSentAt={null} />);
    expect(text(html)).toBe(
      'Sleep answers Counting… Last upload: nothing sent yet. The collector confirmed it holds 1 answer and 2 feedback items from you (Sub-queries 0 · Sources 0 · Answer 0 · Overall 2).',
    );
  });
});
