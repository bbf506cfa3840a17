import { z } from 'zod';

/**
 * A site the user taught: where its AI answer is and, optionally, where the list of its sources is, as CSS
 * selectors (data, never code). Each list is tried in order; the first selector that matches anything is used.
 * Only the background and the extension's pages load this file (content scripts never load classic Zod).
 */

/** A CSS selector as data: one line, no blocks or declarations (they are only ever passed to querySelectorAll). */
export const RuleSelectorSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((s) => !/[{};\n\r\0]/.test(s), 'a selector holds no braces, semicolons or line breaks');

/** Taught rules apply to secure origins only, e.g. `https://answers.example.org` (a port is allowed). */
export const RuleOriginSchema = z
  .string()
  .max(300)
  .regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'an https origin such as https://example.org');

export const RuleDraftSchema = z.object({
  /** The rule applies to pages whose path starts with this (e.g. `/search`); `/` for the whole site. */
  pathPrefix: z.string().max(200).regex(/^\//, 'a path that starts with /'),
  answer: z.array(RuleSelectorSchema).min(1).max(6),
  sources: z.array(RuleSelectorSchema).max(6),
});
export type RuleDraft = z.infer<typeof RuleDraftSchema>;

export const RuleFromSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user') }),
  z.object({ kind: z.literal('file') }),
  z.object({ kind: z.literal('study'), studyId: z.string().max(128), studyName: z.string().max(500) }),
]);

export const TaughtRuleSchema = RuleDraftSchema.extend({
  id: z.string().min(1).max(64),
  origin: RuleOriginSchema,
  /** What the options page calls it, e.g. the site's host name. */
  name: z.string().trim().min(1).max(200),
  createdAt: z.iso.datetime(),
  from: RuleFromSchema,
});
export type TaughtRule = z.infer<typeof TaughtRuleSchema>;

export const TAUGHT_RULES_FORMAT = 'stageback-taught-rules';

/** The file "Export" writes and "Import" reads. */
export const TaughtRulesFileSchema = z.object({
  format: z.literal(TAUGHT_RULES_FORMAT),
  version: z.literal(1),
  rules: z.array(TaughtRuleSchema).max(500),
});
export type TaughtRulesFile = z.infer<typeof TaughtRulesFileSchema>;

export function rulesFile(rules: TaughtRule[]): TaughtRulesFile {
  return { format: TAUGHT_RULES_FORMAT, version: 1, rules };
}

/** The match pattern a rule's host permission and content script use. */
export const originPattern = (origin: string): string => `${origin}/*`;
