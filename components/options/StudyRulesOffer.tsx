import { useEffect, useState } from 'react';
import { getDb } from '../../storage/db';
import { readSyncToken } from '../../storage/secrets';
import { t } from '../../utils/i18n';
import { fetchStudyRules } from '../../utils/study/collector-api';
import { currentEnrolment, type Enrolment, loadEnrolments } from '../../utils/study/enrolments';
import { allowOn } from '../../utils/taught/allow';
import type { TaughtRule } from '../../utils/taught/rule';
import { addRules, loadRules, taughtRulesItem } from '../../utils/taught/rule-store';

type Offer =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'offered'; study: Enrolment; rules: TaughtRule[] };

const key = (r: TaughtRule) => `${r.origin}${r.pathPrefix}`;

/** The sites the study the user joined offers: shown with what each reads; added only when the user says so. */
export function StudyRulesOffer() {
  const [offer, setOffer] = useState<Offer>({ kind: 'loading' });
  const [have, setHave] = useState<Set<string>>(new Set());
  useEffect(() => {
    const refresh = () => void loadRules().then((rules) => setHave(new Set(rules.map(key))));
    refresh();
    const unwatch = taughtRulesItem.watch(refresh);
    void (async () => {
      const study = currentEnrolment(await loadEnrolments());
      if (!study) return setOffer({ kind: 'none' });
      const token = await readSyncToken(getDb()).catch(() => '');
      if (!token) return setOffer({ kind: 'none' });
      const answer = await fetchStudyRules(study.collector, token);
      setOffer(
        answer.ok ? { kind: 'offered', study, rules: answer.rules } : { kind: 'failed', message: answer.message },
      );
    })();
    return unwatch;
  }, []);

  if (offer.kind === 'none' || offer.kind === 'loading') return null;
  if (offer.kind === 'failed') {
    return <p className="hint">{t('optionsStudyRulesFailed', offer.message)}</p>;
  }
  if (offer.rules.length === 0) return null;
  const { study } = offer;
  const add = async (rule: TaughtRule) => {
    await allowOn(rule.origin); // first, while the click still counts as one
    await addRules([{ ...rule, from: { kind: 'study', studyId: study.studyId, studyName: study.studyName } }]);
  };
  return (
    <div data-testid="study-rules">
      <h3>{t('optionsStudyRulesHeading', study.studyName)}</h3>
      <p className="hint">{t('optionsStudyRulesHint')}</p>
      <ul>
        {offer.rules.map((rule) => (
          <li key={rule.id}>
            {rule.name}
            {rule.pathPrefix !== '/' && <small> {t('optionsPagesUnder', rule.pathPrefix)}</small>}{' '}
            {have.has(key(rule)) ? (
              <span>{t('optionsStudyRuleAdded')}</span>
            ) : (
              <button type="button" onClick={() => void add(rule)}>
                {t('optionsStudyRuleAdd', rule.name)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
