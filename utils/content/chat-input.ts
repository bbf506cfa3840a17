/**
 * Puts text in a chat site's question box for the user to read, change and send. It never submits: no Enter, no
 * click on a send button. Selectors (2026-02 saved pages): Perplexity `#ask-input`, ChatGPT `#prompt-textarea`.
 */
const CHAT_INPUTS = ['#ask-input', '#prompt-textarea', 'textarea[name="prompt-textarea"]'];

export function prefillChatInput(doc: Document, text: string): boolean {
  for (const selector of CHAT_INPUTS) {
    const input = doc.querySelector<HTMLElement>(selector);
    if (!input) continue;
    input.focus();
    if (input instanceof HTMLTextAreaElement || input instanceof HTMLInputElement) {
      // The page's framework listens for input events, and reads the value through the prototype's setter.
      const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')?.set;
      setter?.call(input, text);
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
      return true;
    }
    if (input.isContentEditable) {
      const selection = doc.getSelection();
      selection?.selectAllChildren(input);
      // execCommand goes through the editor's own input handling (ProseMirror, Lexical); text only, never HTML.
      if (!doc.execCommand('insertText', false, text)) input.textContent = text;
      return true;
    }
  }
  return false;
}
