import Database from 'better-sqlite3';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { convert } from 'html-to-text';

const DOCUMENT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.html', '.htm']);
const CHUNK_CHARS = 1_200;

export interface DocsHit {
  path: string;
  title: string;
  snippet: string;
  score: number;
}

/**
 * BM25 full-text search over a folder of Markdown, HTML and text files, with SQLite FTS5. Files
 * are split into passages so a hit points at the relevant part of a long page.
 */
export class DocsIndex {
  private constructor(private readonly database: Database.Database) {}

  static async build(folder: string): Promise<DocsIndex> {
    const database = new Database(':memory:');
    database.exec(`CREATE VIRTUAL TABLE passages USING fts5(path UNINDEXED, title, body, tokenize = 'porter unicode61')`);
    const insert = database.prepare('INSERT INTO passages (path, title, body) VALUES (?, ?, ?)');
    for (const file of await listDocuments(folder)) {
      const text = await documentText(file);
      const path = relative(folder, file);
      const title = firstHeading(text) ?? path;
      for (const passage of splitPassages(text)) insert.run(path, title, passage);
    }
    return new DocsIndex(database);
  }

  search(query: string, limit = 5): DocsHit[] {
    const match = toMatchExpression(query);
    if (!match) return [];
    const rows = this.database
      .prepare(
        `SELECT path, title, snippet(passages, 2, '', '', ' … ', 40) AS snippet, bm25(passages) AS rank
         FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT ?`,
      )
      .all(match, limit) as Array<{ path: string; title: string; snippet: string; rank: number }>;
    return rows.map((row) => ({ path: row.path, title: row.title, snippet: row.snippet, score: -row.rank }));
  }

  close(): void {
    this.database.close();
  }
}

/** Any terms, quoted so FTS5 syntax in a model's query cannot break or widen the search. */
function toMatchExpression(query: string): string {
  const terms = query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  return [...new Set(terms)].map((term) => `"${term}"`).join(' OR ');
}

async function listDocuments(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && DOCUMENT_EXTENSIONS.has(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function documentText(file: string): Promise<string> {
  const raw = await readFile(file, 'utf8');
  const extension = extname(file).toLowerCase();
  if (extension === '.html' || extension === '.htm') {
    return convert(raw, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] });
  }
  return raw;
}

function firstHeading(text: string): string | undefined {
  return /^\s*#{1,6}\s+(.+)$/m.exec(text)?.[1]?.trim() ?? /^([A-Z][^\n]{2,80})\n[=-]{3,}/m.exec(text)?.[1]?.trim();
}

function splitPassages(text: string): string[] {
  const passages: string[] = [];
  let current = '';
  for (const paragraph of text.split(/\n\s*\n/)) {
    if (current && current.length + paragraph.length > CHUNK_CHARS) {
      passages.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current.trim()) passages.push(current);
  return passages;
}
