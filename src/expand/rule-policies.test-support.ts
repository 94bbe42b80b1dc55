import type { Policy, Sample, SampleRequest } from '../core/policy.js';

/**
 * A chat policy whose n-th response to a prompt is `respond(prompt, n)`: a solver with a known
 * pass rate per problem, or a proposer that writes given proposals, without a model.
 */
export class RuleChatPolicy implements Policy {
  readonly id: string;
  readonly version = 'rules-1';
  private readonly calls = new Map<string, number>();

  constructor(
    private readonly respond: (prompt: string, call: number) => string | Error,
    id = 'rule-policy',
  ) {
    this.id = id;
  }

  async sample(request: SampleRequest): Promise<Sample[]> {
    const prompt = request.messages.map((message) => message.content).join('\n');
    const call = this.calls.get(prompt) ?? 0;
    this.calls.set(prompt, call + 1);
    const text = this.respond(prompt, call);
    if (text instanceof Error) throw text;
    return [{ text, finishReason: 'stop', promptTokens: 0, completionTokens: text.length }];
  }
}

/** A solver that answers `answer` on the first `right` of every `of` samples of a prompt and `wrong` otherwise. */
export function solverRightOn(rules: Array<{ when: RegExp; right: number; of: number; answer: string; wrong?: string | ((call: number) => string) }>): RuleChatPolicy {
  return new RuleChatPolicy((prompt, call) => {
    const rule = rules.find((candidate) => candidate.when.test(prompt));
    if (!rule) return '<answer>no idea</answer>';
    if (call % rule.of < rule.right) return rule.answer;
    return typeof rule.wrong === 'function' ? rule.wrong(call) : (rule.wrong ?? '<answer>-1</answer>');
  }, 'rule-solver');
}
