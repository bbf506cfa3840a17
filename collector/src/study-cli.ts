import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CollectorConfig } from './config';
import type { Store } from './store/types';
import {
  enrolmentLink,
  expiryFrom,
  generateEnrolmentCode,
  hashEnrolmentCode,
  studyIdFrom,
  studyIdProblem,
} from './studies';

export const STUDY_USAGE = `  npm run collector -- study create --name <name> --consent-file <file> [--id <id>]
                     [--max-enrolments <n>] [--expires <YYYY-MM-DD or ISO time>] [--url <collector URL>]
                                                      create a study; prints its enrolment link (its last line)
  npm run collector -- study list                     list studies with enrolments and withdrawals`;

export class StudyUsageError extends Error {}

const MAX_CONSENT_CHARS = 50_000;

/** `study create` and `study list`; output lines go to `print`. */
export async function studyCommand(
  args: string[],
  store: Store,
  config: Pick<CollectorConfig, 'host' | 'port' | 'publicUrl'>,
  print: (line: string) => void,
): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      id: { type: 'string' },
      'consent-file': { type: 'string' },
      'max-enrolments': { type: 'string' },
      expires: { type: 'string' },
      url: { type: 'string' },
    },
  });
  if (action === 'list') {
    for (const s of await store.listStudies()) {
      const limit = s.maxEnrolments === null ? '' : ` of ${s.maxEnrolments}`;
      const expiry = s.expiresAt === null ? '' : `  code expires ${s.expiresAt}`;
      print(`${s.id}  "${s.name}"  enrolled ${s.enrolments}${limit}  withdrawn ${s.withdrawn}${expiry}`);
    }
    return;
  }
  if (action !== 'create') throw new StudyUsageError(`unknown study action "${action ?? ''}"`);
  const name = values.name?.trim();
  if (!name) throw new StudyUsageError('study create needs --name <name>');
  const consentFile = values['consent-file'];
  if (!consentFile)
    throw new StudyUsageError('study create needs --consent-file <file> (the text participants agree to)');
  let consentText: string;
  try {
    consentText = (await readFile(consentFile, 'utf8')).trim();
  } catch (caught) {
    throw new StudyUsageError(`--consent-file: cannot read ${consentFile}: ${(caught as Error).message}`);
  }
  if (consentText === '') throw new StudyUsageError(`--consent-file: ${consentFile} is empty`);
  if (consentText.length > MAX_CONSENT_CHARS) {
    throw new StudyUsageError(`--consent-file: at most ${MAX_CONSENT_CHARS.toLocaleString('en')} characters`);
  }
  const id = values.id ?? studyIdFrom(name);
  const idProblem = studyIdProblem(id);
  if (idProblem) throw new StudyUsageError(`--id: ${idProblem}`);
  let maxEnrolments: number | null = null;
  if (values['max-enrolments'] !== undefined) {
    maxEnrolments = Number(values['max-enrolments']);
    if (!Number.isInteger(maxEnrolments) || maxEnrolments < 1) {
      throw new StudyUsageError('--max-enrolments must be a whole number of at least 1');
    }
  }
  let expiresAt: string | null = null;
  if (values.expires !== undefined) {
    expiresAt = expiryFrom(values.expires);
    if (expiresAt === null) throw new StudyUsageError('--expires must be a date (2027-01-31) or an ISO time');
  }
  const base = values.url ?? config.publicUrl ?? `http://${config.host}:${config.port}`;
  try {
    new URL(base);
  } catch {
    throw new StudyUsageError(`--url: "${base}" is not a URL`);
  }
  if ((await store.listStudies()).some((s) => s.id === id)) {
    throw new StudyUsageError(`a study with id "${id}" exists already; choose another --id`);
  }
  const code = generateEnrolmentCode();
  await store.createStudy({
    id,
    name,
    consentText,
    createdAt: new Date().toISOString(),
    codeHash: hashEnrolmentCode(code),
    maxEnrolments,
    expiresAt,
  });
  const limits = [
    maxEnrolments === null ? 'no enrolment limit' : `at most ${maxEnrolments} enrolments`,
    expiresAt === null ? 'no expiry' : `the code works until ${expiresAt}`,
  ].join(', ');
  print(`Created study "${name}" (id ${id}; ${limits}).`);
  print('Give participants this enrolment link; they paste it in Stageback options under "Join a study".');
  print('It is shown only now; anyone with it can enrol:');
  print(enrolmentLink(base, code));
}
