import { t } from '../i18n';
import { type TaughtRule, TaughtRulesFileSchema } from './rule';

export type ParsedRulesFile = { ok: true; rules: TaughtRule[] } | { ok: false; message: string };

/** What is wrong with a file of taught rules, in data (the collector logs it; the extension says it in words). */
export type RulesFileProblem =
  | { kind: 'not-json' }
  | { kind: 'not-ours' }
  | { kind: 'invalid'; where: string | null; issue: string | null };

export type CheckedRulesFile = { ok: true; rules: TaughtRule[] } | { ok: false; problem: RulesFileProblem };

/** Reads a file of taught rules without words, so it runs anywhere (the collector has no `browser.i18n`). */
export function checkRulesFile(text: string): CheckedRulesFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: { kind: 'not-json' } };
  }
  if ((json as { format?: unknown } | null)?.format !== 'stageback-taught-rules') {
    return { ok: false, problem: { kind: 'not-ours' } };
  }
  const parsed = TaughtRulesFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: {
        kind: 'invalid',
        where: issue?.path.length ? issue.path.join('.') : null,
        issue: issue?.message ?? null,
      },
    };
  }
  return { ok: true, rules: parsed.data.rules };
}

/**
 * Reads a file of taught rules (what "Export" writes, or what a study offers). Nothing is added from a file with
 * any problem; the message says what and where, in words.
 */
export function parseRulesFile(text: string): ParsedRulesFile {
  const checked = checkRulesFile(text);
  if (checked.ok) return checked;
  const { problem } = checked;
  switch (problem.kind) {
    case 'not-json':
      return { ok: false, message: t('bgTaughtFileNotJson') };
    case 'not-ours':
      return { ok: false, message: t('bgTaughtFileWrong') };
    case 'invalid': {
      const issue = problem.issue ?? t('bgTaughtFileUnknown');
      return {
        ok: false,
        message:
          problem.where === null ? t('bgTaughtFileProblem', issue) : t('bgTaughtFileProblemAt', problem.where, issue),
      };
    }
  }
}
