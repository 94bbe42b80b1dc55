import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { convert } from 'html-to-text';
import { InputError } from '../core/errors.js';

export interface DocumentChunk {
  /** Path relative to the folder, with a chunk number when the document was split. */
  source: string;
  text: string;
}

const EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm']);

/**
 * The text of every .txt, .md and .html file under a folder (recursively, in name order), HTML
 * reduced to its text, each cut into chunks a model can read whole (paragraph boundaries kept).
 */
export async function readDocuments(folder: string, maxChunkChars = 6_000): Promise<DocumentChunk[]> {
  const files = await listFiles(folder);
  const documents = files.filter((file) => EXTENSIONS.has(path.extname(file).toLowerCase()));
  if (documents.length === 0) throw new InputError(`no .txt, .md or .html documents in ${folder}`, { file: folder });
  const chunks: DocumentChunk[] = [];
  for (const file of documents) {
    const raw = await readFile(file, 'utf8');
    const text = /\.html?$/i.test(file) ? convert(raw, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] }) : raw;
    const relative = path.relative(folder, file);
    const pieces = splitText(text.trim(), maxChunkChars);
    pieces.forEach((piece, index) => chunks.push({ source: pieces.length > 1 ? `${relative}#${index + 1}` : relative, text: piece }));
  }
  return chunks.filter((chunk) => chunk.text.length > 0);
}

async function listFiles(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot read the documents folder: ${(error as Error).message}`, { file: folder });
  }
  const sorted = entries.sort((a, b) => a.name.localeCompare(b.name));
  const nested = await Promise.all(sorted.map((entry) => (entry.isDirectory() ? listFiles(path.join(folder, entry.name)) : Promise.resolve(entry.isFile() ? [path.join(folder, entry.name)] : []))));
  return nested.flat();
}

function splitText(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const chunks: string[] = [];
  let current = '';
  for (const paragraph of text.split(/\n\s*\n/)) {
    if (current && current.length + paragraph.length + 2 > maxChars) {
      chunks.push(current);
      current = '';
    }
    for (let start = 0; start < paragraph.length; start += maxChars) {
      const piece = paragraph.slice(start, start + maxChars);
      current = current ? `${current}\n\n${piece}` : piece;
      if (current.length >= maxChars) {
        chunks.push(current);
        current = '';
      }
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
