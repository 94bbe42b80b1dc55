import { z } from 'zod';
import type { DocsIndex } from './docs-index.js';
import { defineTool } from './tool.js';

export function createSearchDocsTool(index: DocsIndex) {
  return defineTool({
    name: 'search_docs',
    description: 'Searches the documentation (BM25 full-text search) and returns the best passages with their file paths.',
    parameters: z.object({
      query: z.string().min(1).describe('words to search for'),
      limit: z.number().int().min(1).max(10).default(3).describe('how many passages to return'),
    }),
    handler: async ({ query, limit }) => {
      const hits = index.search(query, limit);
      if (hits.length === 0) return `no passage matches "${query}"`;
      return hits.map((hit, rank) => `[${rank + 1}] ${hit.path} — ${hit.title}\n${hit.snippet}`).join('\n\n');
    },
  });
}
