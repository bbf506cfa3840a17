/** The part of Chrome's Prompt API (`LanguageModel`, Chrome 138+) tier 3 uses. */
export type BrowserModelAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface LanguageModelSession {
  prompt(input: string, options?: { responseConstraint?: object; signal?: AbortSignal }): Promise<string>;
  destroy(): void;
}

export interface LanguageModelApi {
  availability(options?: object): Promise<BrowserModelAvailability>;
  create(options?: {
    initialPrompts?: { role: 'system' | 'user' | 'assistant'; content: string }[];
    signal?: AbortSignal;
  }): Promise<LanguageModelSession>;
}

/** The browser's `LanguageModel`, where this context exposes it. */
export function browserLanguageModel(): LanguageModelApi | undefined {
  const api = (globalThis as { LanguageModel?: LanguageModelApi }).LanguageModel;
  return api && typeof api.availability === 'function' && typeof api.create === 'function' ? api : undefined;
}
