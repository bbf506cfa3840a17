import type { FileProblem, ImportError, LineProblem } from '../../storage/import/jsonl-import';
import { MAX_LINE_LENGTH } from '../../storage/import/read-lines';
import { t } from '../../utils/i18n';
import { formatNumber, tCount } from './words';

/**
 * An import's problems in the user's language. storage/import/ reports them as data (it also runs in Node, for
 * scripts/shadow-eval.ts) with an English `message`; the English messages here say exactly the same.
 */
export function fileProblemWords(problem: FileProblem): string {
  switch (problem.kind) {
    case 'headerNotJson':
      return t('logImportNotJsonHeader');
    case 'notHeader':
      return t('logImportNotHeader', `{"format":"${problem.format}",…}`);
    case 'schemaVersion':
      return t('logImportSchemaVersion', problem.found, problem.reads);
    case 'firstLineTooLong':
      return t('logImportFirstLineTooLong', problem.line, formatNumber(MAX_LINE_LENGTH));
    case 'lineTooLong':
      return t('logImportLineTooLong', problem.line);
    case 'empty':
      return t('logImportEmpty');
    case 'badLines':
      return tCount('logImportBadLines', problem.count);
    case 'conflicts':
      return tCount('logImportConflicts', problem.count);
    case 'orphans':
      return tCount('logImportOrphans', problem.count);
  }
}

/** What is wrong with one line (shown after "line 4: "). */
export function lineProblemWords(problem: LineProblem): string {
  switch (problem.kind) {
    case 'notJson':
      return t('logImportIssueNotJson', problem.detail);
    case 'schema':
      return problem.more > 0
        ? tCount('logImportIssueSchemaMore', problem.more, problem.field, problem.detail)
        : t('logImportIssueSchema', problem.field, problem.detail);
    case 'contentHash':
      return t('logImportIssueContentHash');
    case 'unknownType':
      return t('logImportIssueUnknownType', problem.type);
    case 'tooLong':
      return t('logImportIssueTooLong', formatNumber(MAX_LINE_LENGTH));
    case 'sameTraceQuery':
      return t('logImportIssueSameTraceQuery', problem.id, problem.line, problem.query, problem.earlier);
    case 'sameId':
      return t(
        problem.record === 'trace' ? 'logImportIssueSameTrace' : 'logImportIssueSameEvent',
        problem.id,
        problem.line,
      );
    case 'orphan':
      return t('logImportIssueOrphan', problem.traceId);
  }
}

/** The import error's headline in the user's words. */
export const importErrorWords = (error: ImportError): string => fileProblemWords(error.problem);
