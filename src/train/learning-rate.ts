export interface LearningRateSchedule {
  kind: 'constant' | 'cosine';
  warmupSteps: number;
  totalSteps?: number;
  minRatio: number;
}

/**
 * Learning rate at an optimizer step (0-based): linear warmup from 0 over `warmupSteps`, then
 * constant, or a half cosine from the peak down to `minRatio × peak` at `totalSteps` (Loshchilov &
 * Hutter 2017, SGDR, without restarts).
 */
export function learningRateAt(step: number, peak: number, schedule: LearningRateSchedule): number {
  if (schedule.warmupSteps > 0 && step < schedule.warmupSteps) return (peak * (step + 1)) / schedule.warmupSteps;
  if (schedule.kind === 'constant') return peak;
  const total = schedule.totalSteps ?? step + 1;
  const progress = Math.min(1, (step - schedule.warmupSteps) / Math.max(1, total - schedule.warmupSteps));
  const floor = peak * schedule.minRatio;
  return floor + ((peak - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
}
