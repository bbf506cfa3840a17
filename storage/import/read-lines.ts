/** Lines of a text or a byte/text stream, numbered from 1, without their line break. */
export async function* readLines(
  input: string | ReadableStream<Uint8Array | string>,
): AsyncGenerator<{ number: number; text: string }> {
  let number = 0;
  if (typeof input === 'string') {
    for (const text of input.split(/\r?\n/)) yield { number: ++number, text };
    return;
  }
  const decoder = new TextDecoder();
  const reader = input.getReader();
  let rest = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += typeof value === 'string' ? value : decoder.decode(value, { stream: true });
      const lines = rest.split(/\r?\n/);
      rest = lines.pop() ?? '';
      for (const text of lines) yield { number: ++number, text };
    }
    rest += decoder.decode();
    yield { number: ++number, text: rest };
  } finally {
    reader.releaseLock();
  }
}
