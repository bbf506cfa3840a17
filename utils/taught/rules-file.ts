import { type TaughtRule, TaughtRulesFileSchema } from './rule';

export type ParsedRulesFile = { ok: true; rules: TaughtRule[] } | { ok: false; message: string };

/**
 * Reads a file of taught rules (what "Export" writes, or what a study offers). Nothing is added from a file with
 * any problem; the message says what and where, in words.
 */
export function parseRulesFile(text: string): ParsedRulesFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not a Stageback file of taught sites (it is not JSON).' };
  }
  if ((json as { format?: unknown } | null)?.format !== 'stageback-taught-rules') {
    return { ok: false, message: 'This file is not a Stageback file of taught sites.' };
  }
  const parsed = TaughtRulesFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : '';
    return {
      ok: false,
      message: `Nothing was added: this file has a problem${where}: ${issue?.message ?? 'unknown'}.`,
    };
  }
  return { ok: true, rules: parsed.data.rules };
}
