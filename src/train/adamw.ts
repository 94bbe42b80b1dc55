import * as tf from '@tensorflow/tfjs-core';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

/** The optimizer's moments as plain arrays, one entry per variable in order, for checkpoints. */
export interface AdamWState {
  step: number;
  shapes: number[][];
  firstMoments: Float32Array[];
  secondMoments: Float32Array[];
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter 2019, "Decoupled Weight Decay
 * Regularization", arXiv:1711.05101), as torch.optim.AdamW: the decay shrinks the weights by
 * lr·λ·θ directly instead of entering the gradient, where Adam's per-coordinate scaling would
 * weaken it for parameters with large gradients. tfjs ships Adam but not AdamW.
 * Decay applies to matrices (rank ≥ 2) only; biases and norm gains are left alone, as is usual.
 */
export class AdamW {
  private step = 0;
  private readonly firstMoments: tf.Variable[];
  private readonly secondMoments: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly options: AdamWOptions,
  ) {
    this.firstMoments = variables.map((variable) => tf.variable(tf.zerosLike(variable), false));
    this.secondMoments = variables.map((variable) => tf.variable(tf.zerosLike(variable), false));
  }

  get stepCount(): number {
    return this.step;
  }

  /** One update; `gradients[i]` belongs to `variables[i]`. */
  apply(gradients: readonly tf.Tensor[], learningRate: number): void {
    if (gradients.length !== this.variables.length) {
      throw new RangeError(`AdamW.apply expects ${this.variables.length} gradients, received ${gradients.length}`);
    }
    this.step += 1;
    const { beta1, beta2, epsilon, weightDecay } = this.options;
    const firstCorrection = 1 - beta1 ** this.step;
    const secondCorrection = 1 - beta2 ** this.step;
    tf.tidy(() => {
      this.variables.forEach((variable, index) => {
        const gradient = gradients[index]!;
        const first = this.firstMoments[index]!;
        const second = this.secondMoments[index]!;
        first.assign(tf.add(tf.mul(first, beta1), tf.mul(gradient, 1 - beta1)));
        second.assign(tf.add(tf.mul(second, beta2), tf.mul(tf.square(gradient), 1 - beta2)));
        const update = tf.div(tf.div(first, firstCorrection), tf.add(tf.sqrt(tf.div(second, secondCorrection)), epsilon));
        const decayed = weightDecay > 0 && variable.rank >= 2 ? tf.mul(variable, 1 - learningRate * weightDecay) : variable;
        variable.assign(tf.sub(decayed, tf.mul(update, learningRate)));
      });
    });
  }

  saveState(): AdamWState {
    return {
      step: this.step,
      shapes: this.variables.map((variable) => [...variable.shape]),
      firstMoments: this.firstMoments.map((moment) => moment.dataSync() as Float32Array),
      secondMoments: this.secondMoments.map((moment) => moment.dataSync() as Float32Array),
    };
  }

  loadState(state: AdamWState): void {
    if (state.shapes.length !== this.variables.length) {
      throw new RangeError(`optimizer state has ${state.shapes.length} variables, the model has ${this.variables.length}`);
    }
    this.variables.forEach((variable, index) => {
      const shape = state.shapes[index]!;
      if (shape.join('x') !== variable.shape.join('x')) {
        throw new RangeError(`optimizer state variable ${index} has shape [${shape}], the model's is [${variable.shape}]`);
      }
      tf.tidy(() => {
        this.firstMoments[index]!.assign(tf.tensor(state.firstMoments[index]!, variable.shape));
        this.secondMoments[index]!.assign(tf.tensor(state.secondMoments[index]!, variable.shape));
      });
    });
    this.step = state.step;
  }

  dispose(): void {
    for (const moment of [...this.firstMoments, ...this.secondMoments]) moment.dispose();
  }
}
