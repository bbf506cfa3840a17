import { storage } from 'wxt/utils/storage';
import type { Diagnostic } from './messaging/protocol';

export const MAX_DIAGNOSTICS = 50;

/** Adapter failures, newest first: what the popup shows when a site's markup changed. */
export const diagnosticsItem = storage.defineItem<Diagnostic[]>('local:diagnostics', { fallback: [] });

export async function recordDiagnostic(diagnostic: Diagnostic): Promise<void> {
  const current = await diagnosticsItem.getValue();
  await diagnosticsItem.setValue([diagnostic, ...current].slice(0, MAX_DIAGNOSTICS));
}
