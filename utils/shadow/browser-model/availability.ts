import type { BrowserModelAvailability, LanguageModelApi } from './language-model-api';

export type BrowserModelState = BrowserModelAvailability | 'no_api' | 'error';

export interface BrowserModelStatus {
  state: BrowserModelState;
  /** Whether tier 3 can run now. */
  canRun: boolean;
  /** Why (not), in words for people. */
  message: string;
}

const WORDS: Record<BrowserModelState, string> = {
  no_api:
    'This browser has no built-in language model. Chrome 138 or later on Windows, macOS, Linux or ChromeOS has ' +
    'one (Gemini Nano); other browsers do not yet.',
  unavailable:
    'This browser has the interface for a built-in model but says the model cannot run here. Chrome needs at ' +
    'least 22 GB of free disk space and either a graphics card with more than 4 GB of memory or 16 GB of RAM and ' +
    '4 CPU cores; some builds, such as Debian’s Chromium, come without the model.',
  downloadable:
    'The browser can run its built-in model but has not downloaded it yet (a few GB). It downloads the first time ' +
    'the model is used.',
  downloading: 'The browser is downloading its built-in model; it will be used once the download is done.',
  available: 'The browser’s built-in model is ready on this device.',
  error: 'The browser could not say whether its built-in model can run',
};

/** What `LanguageModel.availability()` says, in words; never throws. */
export async function browserModelStatus(api: LanguageModelApi | undefined): Promise<BrowserModelStatus> {
  if (!api) return { state: 'no_api', canRun: false, message: WORDS.no_api };
  try {
    const state = await api.availability();
    if (!(state in WORDS)) return { state: 'error', canRun: false, message: `${WORDS.error} (it said “${state}”).` };
    return { state, canRun: state === 'available', message: WORDS[state] };
  } catch (error) {
    return {
      state: 'error',
      canRun: false,
      message: `${WORDS.error} (${error instanceof Error ? error.message : String(error)}).`,
    };
  }
}
