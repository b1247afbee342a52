/** A progress bar on standard error for long runs; silent when standard error is not a terminal. */

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** Stream drawn on. @default process.stderr */
  stream?: NodeJS.WriteStream;
  /** Least time between redraws, in milliseconds. @default 100 */
  intervalMs?: number;
}

const WIDTH = 30;

/** A one-line progress bar: `mine ███████░░░░░  58%  1.2M lines  app.log`. */
export class ProgressBar {
  readonly #stream: NodeJS.WriteStream;
  readonly #intervalMs: number;
  readonly #enabled: boolean;
  #lastDraw = 0;

  constructor(options: ProgressBarOptions = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.#intervalMs = options.intervalMs ?? 100;
    this.#enabled = this.#stream.isTTY === true;
  }

  /** Redraws the bar if enough time has passed since the last redraw. */
  update(label: string, done: number, total: number, detail: string): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#lastDraw < this.#intervalMs) return;
    this.#lastDraw = now;
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(share * WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const percent = `${Math.round(share * 100)}%`.padStart(4);
    const columns = this.#stream.columns ?? 100;
    this.#stream.write(`\r${`${label} ${bar} ${percent}  ${detail}`.slice(0, columns - 1)}\x1b[K`);
  }

  /** Clears the bar's line. */
  done(): void {
    if (this.#enabled) this.#stream.write('\r\x1b[K');
  }
}
