import type { Trace } from '../../../storage/schema';
import { SCHEMA_VERSION } from '../../../storage/schema/common';

const TEXT =
  'Adults need 7 to 9 hours of sleep a night. Teenagers need 8 to 10 hours. Coffee after noon can shorten sleep.';

/**
 * A made-up answer for "Test connection": it checks the server, the model and the JSON format without sending
 * anything of the user's.
 */
export const SAMPLE_TRACE: Trace = {
  id: '01900000-0000-7000-8000-000000000001',
  schemaVersion: SCHEMA_VERSION,
  siteId: 'sample',
  pageUrl: 'https://example.org/search?q=how+much+sleep',
  query: 'how much sleep do adults need',
  capturedAt: '2026-01-01T00:00:00.000Z',
  lang: 'en',
  subqueries: [
    { id: 'q0', text: 'adult sleep hours', position: 0, origin: 'shown' },
    { id: 'q1', text: 'best coffee beans', position: 1, origin: 'shown' },
  ],
  sources: [
    {
      id: 'src0',
      url: 'https://example.org/sleep',
      title: 'How much sleep do you need?',
      snippet: 'Most adults need 7 or more hours of sleep a night.',
      domain: 'example.org',
      position: 0,
      citingSentenceIds: ['s0'],
    },
    {
      id: 'src1',
      url: 'https://example.com/coffee',
      title: 'Ten coffee recipes',
      snippet: 'Cold brew, espresso and more.',
      domain: 'example.com',
      position: 1,
      citingSentenceIds: ['s2'],
    },
  ],
  answer: {
    text: TEXT,
    sentences: [
      { id: 's0', start: 0, end: 42 },
      { id: 's1', start: 43, end: 72 },
      { id: 's2', start: 73, end: TEXT.length },
    ],
    complete: true,
  },
  availability: { decomposition: 'read', retrieval: 'read', answer: 'read' },
  adapter: { id: 'sample', version: '1' },
  contentHash: '0'.repeat(64),
};
