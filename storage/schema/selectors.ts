import { z } from 'zod';
import { LIMITS } from './common';

/** W3C Web Annotation selectors over the captured answer text (as Hypothesis uses them). */
export const TextQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1).max(LIMITS.longText),
  prefix: z.string().max(64),
  suffix: z.string().max(64),
});

export const TextPositionSelectorSchema = z
  .object({
    type: z.literal('TextPositionSelector'),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .refine((s) => s.end > s.start, 'a text position selector must span at least one character');

export type TextQuoteSelector = z.infer<typeof TextQuoteSelectorSchema>;
export type TextPositionSelector = z.infer<typeof TextPositionSelectorSchema>;
