import { KNOWLEDGE_LIMITS, KnowledgeErrorCodes } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';
import { parseInChild } from './parse-process.util.js';
import { declaredUncompressedSize, MAX_DOCX_UNCOMPRESSED_BYTES } from './zip-guard.util.js';

export type DocumentFormat = 'text' | 'markdown' | 'html' | 'csv' | 'json' | 'pdf' | 'docx';

const BY_EXTENSION: Record<string, { format: DocumentFormat; mimeType: string }> = {
  txt: { format: 'text', mimeType: 'text/plain' },
  md: { format: 'markdown', mimeType: 'text/markdown' },
  markdown: { format: 'markdown', mimeType: 'text/markdown' },
  html: { format: 'html', mimeType: 'text/html' },
  htm: { format: 'html', mimeType: 'text/html' },
  csv: { format: 'csv', mimeType: 'text/csv' },
  json: { format: 'json', mimeType: 'application/json' },
  pdf: { format: 'pdf', mimeType: 'application/pdf' },
  docx: {
    format: 'docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
};

/** Parsing a single file may take this long before the document fails (`document_parse_failed`). */
export const PARSE_TIMEOUT_MS = 30_000;

/** The format of an upload by its file name; 400 `unsupported_file_type` for anything else. */
export function formatOfFile(fileName: string): { format: DocumentFormat; mimeType: string } {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const known = (KNOWLEDGE_LIMITS.allowedExtensions as readonly string[]).includes(ext)
    ? BY_EXTENSION[ext]
    : undefined;
  if (!known)
    throw new DomainError(
      400,
      KnowledgeErrorCodes.unsupportedFileType,
      `Files of type ".${ext}" are not supported`,
      [
        {
          path: 'file',
          code: KnowledgeErrorCodes.unsupportedFileType,
          message: `Supported: ${KNOWLEDGE_LIMITS.allowedExtensions.join(', ')}`,
        },
      ],
    );
  return known;
}

/** The format of a fetched URL by its content type (HTML or plain text only). */
export function formatOfContentType(contentType: string | undefined): DocumentFormat | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown') return 'markdown';
  if (type === 'application/json') return 'json';
  if (type === 'text/csv') return 'csv';
  if (type.startsWith('text/')) return 'text';
  return null;
}

export class DocumentParseError extends Error {
  readonly code = KnowledgeErrorCodes.parseFailed;
}

/**
 * Plain text of a document, parsed with maintained libraries (html-to-text drops scripts and
 * styles; unpdf; mammoth) — HTML, PDF and DOCX in a bounded child process (`parse-process.util.ts`),
 * DOCX after the zip-bomb guard. Throws DocumentParseError: that document fails, the process does not.
 */
export async function extractText(bytes: Buffer, format: DocumentFormat): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DocumentParseError(`Parsing took longer than ${PARSE_TIMEOUT_MS} ms`)),
      PARSE_TIMEOUT_MS,
    );
  });
  try {
    const text = await Promise.race([parse(bytes, format), timeout]);
    if (!text.trim()) throw new DocumentParseError('The document contains no text');
    return text;
  } catch (err) {
    if (err instanceof DocumentParseError) throw err;
    throw new DocumentParseError(`Could not read the ${format} file: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

async function parse(bytes: Buffer, format: DocumentFormat): Promise<string> {
  switch (format) {
    case 'text':
    case 'markdown':
    case 'csv':
    case 'json':
      return decodeUtf8(bytes);
    case 'html':
      decodeUtf8(bytes); // refuses non-UTF-8 with a clear message before the child runs
      return parseInChild(bytes, format, PARSE_TIMEOUT_MS);
    case 'docx':
      assertNoZipBomb(bytes);
      return parseInChild(bytes, format, PARSE_TIMEOUT_MS);
    case 'pdf':
      return parseInChild(bytes, format, PARSE_TIMEOUT_MS);
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new DocumentParseError('The file is not valid UTF-8 text');
  }
}

function assertNoZipBomb(bytes: Buffer): void {
  const size = declaredUncompressedSize(bytes);
  if (size === null) throw new DocumentParseError('The DOCX file is not a readable zip archive');
  if (size > MAX_DOCX_UNCOMPRESSED_BYTES)
    throw new DocumentParseError(
      `The DOCX file unpacks to ${Math.round(size / 1024 / 1024)} MiB; at most ${MAX_DOCX_UNCOMPRESSED_BYTES / 1024 / 1024} MiB are allowed`,
    );
}
