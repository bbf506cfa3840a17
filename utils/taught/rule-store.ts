import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { type TaughtRule, TaughtRuleSchema } from './rule';

/** The taught rules, in the extension's local storage (the background re-registers content scripts on change). */
export const taughtRulesItem = storage.defineItem<unknown[]>('local:taughtRules', { fallback: [] });

/** The stored rules; one that no longer validates is left out (and kept in storage until the list is written). */
export async function loadRules(): Promise<TaughtRule[]> {
  const raw = await taughtRulesItem.getValue();
  return (Array.isArray(raw) ? raw : []).flatMap((r) => {
    const parsed = TaughtRuleSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Adds rules; one for the same origin and path replaces the older one. */
export async function addRules(added: TaughtRule[]): Promise<TaughtRule[]> {
  const valid = z.array(TaughtRuleSchema).parse(added);
  const key = (r: TaughtRule) => `${r.origin}${r.pathPrefix}`;
  const replaced = new Set(valid.map(key));
  const next = [...(await loadRules()).filter((r) => !replaced.has(key(r))), ...valid];
  await taughtRulesItem.setValue(next);
  return next;
}

export async function removeRule(id: string): Promise<void> {
  await taughtRulesItem.setValue((await loadRules()).filter((r) => r.id !== id));
}

export async function rulesForOrigin(origin: string): Promise<TaughtRule[]> {
  return (await loadRules()).filter((r) => r.origin === origin);
}
