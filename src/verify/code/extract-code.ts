import type { CodeLanguage } from '../../core/problem.js';

export interface ExtractedCode {
  code: string;
  /** The language the fence names, when it names one we run. */
  language?: CodeLanguage;
  /** The fence's tag as written (`py`, `js`, ``…), for messages. */
  tag: string;
}

const FENCE = /(?:^|\n)[ \t]*```[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)\n[ \t]*```(?=[ \t]*(?:\n|$))/g;

const LANGUAGE_TAGS: Record<string, CodeLanguage> = {
  python: 'python', py: 'python', python3: 'python',
  javascript: 'javascript', js: 'javascript', node: 'javascript', mjs: 'javascript',
  typescript: 'typescript', ts: 'typescript',
};

/** The last closed fenced code block of a response; an unclosed fence does not count. */
export function extractCode(response: string): ExtractedCode | undefined {
  let last: ExtractedCode | undefined;
  for (const match of response.matchAll(FENCE)) {
    const tag = match[1]!.toLowerCase();
    const language = LANGUAGE_TAGS[tag];
    last = { code: match[2]!, tag, ...(language ? { language } : {}) };
  }
  return last && last.code.trim() ? last : undefined;
}
