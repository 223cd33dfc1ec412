/**
 * Where each value of a JSON text starts, by path (`actions.14.timetable` → line 312), so a problem
 * found by the schema can be reported at the line a person edits. Assumes text JSON.parse accepted.
 */
export function jsonValueLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let at = 0;
  let line = 1;
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) {
      if (text[at] === '\n') line += 1;
      at += 1;
    }
  };
  const readString = (): string => {
    const start = at;
    at += 1;
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at += 1;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (path: string[]): void => {
    skipSpace();
    lines.set(path.join('.'), line);
    const c = text[at];
    if (c === '{') {
      at += 1;
      skipSpace();
      if (text[at] === '}') { at += 1; return; }
      for (;;) {
        skipSpace();
        const key = readString();
        skipSpace();
        at += 1; // the colon
        value([...path, key]);
        skipSpace();
        if (text[at++] === '}') return;
      }
    }
    if (c === '[') {
      at += 1;
      skipSpace();
      if (text[at] === ']') { at += 1; return; }
      for (let i = 0; ; i += 1) {
        value([...path, String(i)]);
        skipSpace();
        if (text[at++] === ']') return;
      }
    }
    if (c === '"') { readString(); return; }
    while (at < text.length && /[^\s,\]}]/.test(text[at]!)) at += 1;
  };
  value([]);
  return lines;
}

/** The line of the nearest value on the path that the text has (a missing field: its parent's). */
export function lineOf(lines: Map<string, number>, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n -= 1) {
    const found = lines.get(path.slice(0, n).map(String).join('.'));
    if (found !== undefined) return found;
  }
  return 1;
}
