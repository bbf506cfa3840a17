import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { uuidv7 } from '../uuidv7';
import { originPattern, type RuleDraft, RuleOriginSchema, type TaughtRule } from './rule';
import { addRules } from './rule-store';

/**
 * Stores the rule the picker derived on `origin` (the sender's, from the browser). Whether the overlay shows on
 * this site from now on depends on the host permission the popup or menu asked for before the picker started.
 */
export async function teachRule(
  origin: string,
  draft: RuleDraft,
  now = new Date(),
): Promise<{ ruleId: string; showsFromNowOn: boolean }> {
  const parsedOrigin = RuleOriginSchema.safeParse(origin);
  if (!parsedOrigin.success) throw new Error(t('bgTaughtHttpsOnly'));
  const rule: TaughtRule = {
    ...draft,
    id: uuidv7(now.getTime()),
    origin: parsedOrigin.data,
    name: new URL(origin).host,
    createdAt: now.toISOString(),
    from: { kind: 'user' },
  };
  await addRules([rule]);
  const showsFromNowOn = await browser.permissions.contains({ origins: [originPattern(origin)] });
  return { ruleId: rule.id, showsFromNowOn };
}
