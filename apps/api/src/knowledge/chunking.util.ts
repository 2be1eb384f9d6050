import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

/** Markdown headings first, then paragraphs, lines, sentences and words. */
const SEPARATORS = ['\n# ', '\n## ', '\n### ', '\n#### ', '\n\n', '\n', '. ', '。', ' ', ''];

/** Splits text into chunks of about `chunkSize` characters that overlap by `chunkOverlap`. */
export async function splitIntoChunks(
  text: string,
  settings: { chunkSize: number; chunkOverlap: number },
): Promise<string[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: settings.chunkSize,
    chunkOverlap: settings.chunkOverlap,
    separators: SEPARATORS,
  });
  const chunks = await splitter.splitText(text.replace(/\r\n?/g, '\n'));
  return chunks.map((c) => c.trim()).filter((c) => c.length > 0);
}
