import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';
import { checkRulesFile } from '../../../utils/taught/rules-file';
import type { Logger } from '../log';
import type { TokenRecord } from '../tokens';

const STUDY_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * `GET /v1/study/rules`: the taught sites a study offers its participants, read from `<STUDY_RULES_DIR>/<study
 * id>.json` (the file Stageback's options export). The extension shows them; a participant adds each one
 * themselves. A study without a file offers none; a file that does not validate is refused, never sent in part.
 */
export async function studyRulesFor(
  c: Context,
  dir: string | undefined,
  token: TokenRecord,
  log: Logger,
): Promise<Response> {
  if (token.studyId === null) {
    return c.json({ error: 'this token does not belong to a study participant, so no study offers it sites' }, 403);
  }
  if (!dir || !STUDY_ID.test(token.studyId)) return c.json({ studyId: token.studyId, rules: [] });
  let text: string;
  try {
    text = await readFile(path.join(dir, `${token.studyId}.json`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return c.json({ studyId: token.studyId, rules: [] });
    throw error;
  }
  const parsed = checkRulesFile(text);
  if (!parsed.ok) {
    const { problem } = parsed;
    log('error', 'study rules file is not valid', {
      study: token.studyId,
      problem: problem.kind,
      ...(problem.kind === 'invalid' ? { at: problem.where, issue: problem.issue } : {}),
    });
    return c.json({ error: "the study's file of taught sites is not valid; the researchers need to fix it" }, 500);
  }
  return c.json({ studyId: token.studyId, rules: parsed.rules });
}
