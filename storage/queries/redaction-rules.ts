import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { createRedactor, noRedaction, type Redact } from '../exports/redaction';

/** What the user asked exports (and later sync) to mask. Kept apart from settings until settings v3 carries it. */
export const RedactionRulesSchema = z.object({
  emails: z.boolean(),
  phones: z.boolean(),
  cards: z.boolean(),
  ips: z.boolean(),
  words: z.array(z.string().max(200)).max(1_000),
});

export type RedactionRules = z.infer<typeof RedactionRulesSchema>;

export const DEFAULT_REDACTION_RULES: RedactionRules = {
  emails: false,
  phones: false,
  cards: false,
  ips: false,
  words: [],
};

export const redactionRulesItem = storage.defineItem<RedactionRules>('local:redactionRules', {
  fallback: DEFAULT_REDACTION_RULES,
});

export async function loadRedactionRules(): Promise<RedactionRules> {
  const parsed = RedactionRulesSchema.safeParse(await redactionRulesItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_REDACTION_RULES;
}

export function isRedacting(rules: RedactionRules): boolean {
  return rules.emails || rules.phones || rules.cards || rules.ips || rules.words.some((w) => w.trim() !== '');
}

/** The exporter's `redact`, or `noRedaction` when no rule is on (which also leaves page URLs untouched). */
export function redactorFor(rules: RedactionRules): Redact {
  return isRedacting(rules) ? createRedactor(rules) : noRedaction;
}

/** One word or name per line (or comma-separated), blanks dropped. */
export function parseWordList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}
