/** Where the final answer was found in a response. */
export type AnswerSource = 'answer-tag' | 'boxed' | 'response';

export interface ExtractedAnswer {
  text: string;
  source: AnswerSource;
}

const ANSWER_BLOCK = /<answer>([\s\S]*?)<\/answer>/g;

/**
 * The final answer of a response, by the project's convention: the content of the last
 * `<answer>…</answer>` block, else of the last `\boxed{…}` (or `\fbox{…}`), else the whole
 * response; always trimmed. A model that writes several answers is judged on its last one only.
 */
export function extractAnswer(response: string): ExtractedAnswer {
  const tagged = lastAnswerBlock(response);
  if (tagged !== undefined) return { text: tagged.trim(), source: 'answer-tag' };
  const boxed = lastBoxed(response);
  if (boxed !== undefined) return { text: boxed.trim(), source: 'boxed' };
  return { text: response.trim(), source: 'response' };
}

export function lastAnswerBlock(response: string): string | undefined {
  let last: string | undefined;
  for (const match of response.matchAll(ANSWER_BLOCK)) last = match[1];
  return last;
}

/** Content of the last `\boxed{…}` or `\fbox{…}`, with nested braces balanced; undefined if none closes. */
export function lastBoxed(response: string): string | undefined {
  const starts = [response.lastIndexOf('\\boxed{'), response.lastIndexOf('\\fbox{')];
  let start = Math.max(...starts);
  while (start >= 0) {
    const open = response.indexOf('{', start);
    const content = balancedContent(response, open);
    if (content !== undefined) return content;
    start = start === 0 ? -1 : Math.max(response.lastIndexOf('\\boxed{', start - 1), response.lastIndexOf('\\fbox{', start - 1));
  }
  return undefined;
}

function balancedContent(text: string, open: number): string | undefined {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') {
      index++;
    } else if (char === '{') {
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) return text.slice(open + 1, index);
    }
  }
  return undefined;
}
