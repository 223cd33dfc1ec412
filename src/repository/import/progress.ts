/**
 * Progress of a long import, written every `every` items: "validated 5,000 of 20,000 lines". On
 * standard error, so a summary on standard output can still be read by a script.
 */
export class Progress {
  private done = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly verb: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly every = 1000,
  ) {}

  tick(): void {
    this.done += 1;
    if (this.done % this.every === 0) this.write(`${this.verb} ${count(this.done)} of ${count(this.total)} ${this.unit}`);
  }
}

export function count(n: number): string {
  return n.toLocaleString('en-GB');
}
