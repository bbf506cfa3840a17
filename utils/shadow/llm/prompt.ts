import type { ModelInput } from './model-input';
import { OUTPUT_LIMITS } from './model-output';

export const SYSTEM_PROMPT = [
  'You help one person check an AI search answer. You see their question, the answer split into numbered',
  'sentences, the sources the answer cites, the sub-queries the search ran, and a short note on what this person',
  'usually cares about. Propose at most',
  String(OUTPUT_LIMITS.proposals),
  'things they would likely flag, only where you are fairly sure:',
  '"unsupported_sentence" (no listed source backs the sentence), "missing_aspect" (the answer leaves out',
  'something the question needs), "irrelevant_source" (the source does not help answer the question),',
  '"irrelevant_subquery" (a sub-query that does not belong) and "missing_subquery" (a search that should have',
  'been run). Refer to sentences, sources and sub-queries by their id. Give a short reason for each.',
  'Reply with JSON only, in the given schema; an empty list is a good answer when nothing stands out.',
].join(' ');

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export function chatMessages(input: ModelInput): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: JSON.stringify(input) },
  ];
}
