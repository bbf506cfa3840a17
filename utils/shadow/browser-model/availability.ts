import { type MessageKey, t } from '../../i18n';
import type { BrowserModelAvailability, LanguageModelApi } from './language-model-api';

export type BrowserModelState = BrowserModelAvailability | 'no_api' | 'error';

export interface BrowserModelStatus {
  state: BrowserModelState;
  /** Whether tier 3 can run now. */
  canRun: boolean;
  /** Why (not), in words for people. */
  message: string;
}

const WORDS = {
  no_api: 'shadowBrowserModelNoApi',
  unavailable: 'shadowBrowserModelUnavailable',
  downloadable: 'shadowBrowserModelDownloadable',
  downloading: 'shadowBrowserModelDownloading',
  available: 'shadowBrowserModelAvailable',
} satisfies Record<Exclude<BrowserModelState, 'error'>, MessageKey>;

/** What `LanguageModel.availability()` says, in words; never throws. */
export async function browserModelStatus(api: LanguageModelApi | undefined): Promise<BrowserModelStatus> {
  if (!api) return { state: 'no_api', canRun: false, message: t(WORDS.no_api) };
  try {
    const state = await api.availability();
    if (!Object.hasOwn(WORDS, state)) {
      return { state: 'error', canRun: false, message: t('shadowBrowserModelSaidUnknown', String(state)) };
    }
    return { state, canRun: state === 'available', message: t(WORDS[state]) };
  } catch (error) {
    return {
      state: 'error',
      canRun: false,
      message: t('shadowBrowserModelError', error instanceof Error ? error.message : String(error)),
    };
  }
}
