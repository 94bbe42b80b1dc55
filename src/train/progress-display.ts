import cliProgress from 'cli-progress';

export interface PhaseValues {
  /** Shown after the counter: `loss 0.41` in SFT, `reward 0.52 | pass 48%` in RL. */
  detail: string;
  tokensPerSecond: number;
}

/**
 * The terminal view of `rlvr start`: one progress bar per phase (step, the phase's figures,
 * tokens/s, ETA) and occasional log lines above it. Without a TTY (logs, CI) it prints a line
 * every few seconds instead of redrawing; `quiet` turns everything off (for --json).
 */
export class ProgressDisplay {
  private readonly bars: cliProgress.MultiBar | undefined;
  private bar: cliProgress.SingleBar | undefined;

  constructor(quiet: boolean) {
    this.bars = quiet
      ? undefined
      : new cliProgress.MultiBar(
          {
            format: '{phase} |{bar}| {value}/{total} | {detail} | {speed} tok/s | ETA {eta_formatted}',
            barsize: 24,
            hideCursor: true,
            clearOnComplete: false,
            stopOnComplete: false,
            noTTYOutput: true,
            notTTYSchedule: 10_000,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        );
  }

  startPhase(phase: string, total: number, initial = 0): void {
    this.endPhase();
    this.bar = this.bars?.create(total, initial, { phase: phase.padEnd(4), detail: '', speed: '-' });
  }

  update(value: number, values: PhaseValues): void {
    this.bar?.update(value, { detail: values.detail, speed: values.tokensPerSecond.toFixed(0) });
  }

  /** A line printed above the bars. */
  log(text: string): void {
    if (!this.bars) return;
    this.bars.log(`${text}\n`);
  }

  /** Freezes the current bar as a finished line, so the next phase's bar is the only live one. */
  endPhase(): void {
    if (!this.bar) return;
    this.bar.stop();
    this.bars?.remove(this.bar);
    this.bar = undefined;
  }

  stop(): void {
    this.endPhase();
    this.bars?.stop();
  }
}
