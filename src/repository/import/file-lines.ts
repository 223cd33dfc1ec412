import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** The file's SHA-256 and its number of lines, read as a stream: memory stays flat however long it is. */
export async function fingerprint(file: string): Promise<{ sha256: string; lines: number }> {
  const hash = createHash('sha256');
  let newlines = 0;
  let last = -1;
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    for (const byte of bytes) if (byte === 0x0a) newlines += 1;
    if (bytes.length > 0) last = bytes[bytes.length - 1]!;
  }
  return { sha256: hash.digest('hex'), lines: newlines + (last !== -1 && last !== 0x0a ? 1 : 0) };
}

/** Each line with its number (from 1), read as a stream; a byte-order mark at the start is dropped. */
export async function* linesOf(file: string): AsyncGenerator<{ number: number; text: string }> {
  const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of reader) {
    number += 1;
    yield { number, text: number === 1 ? text.replace(/^\uFEFF/, '') : text };
  }
}
