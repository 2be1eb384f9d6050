import type { KnowledgeDocument } from '@agenthub/contracts';
import { bearer, type TestApp, type TestUser } from '../helpers/test-app';

export const auth = (u: TestUser) => ({ Authorization: bearer(u.accessToken) });

export async function createBase(
  t: TestApp,
  owner: TestUser,
  body: Record<string, unknown> = {},
): Promise<string> {
  const res = await t
    .http()
    .post('/api/knowledge-bases')
    .set(auth(owner))
    .send({ name: 'Handbook', chunking: { chunkSize: 200, chunkOverlap: 20 }, ...body });
  if (res.status !== 201) throw new Error(`knowledge base: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Polls the document until ingestion has finished (indexed or failed). */
export async function settledDocument(
  t: TestApp,
  owner: TestUser,
  baseId: string,
  documentId: string,
): Promise<KnowledgeDocument> {
  for (;;) {
    const res = await t.http().get(`/api/knowledge-bases/${baseId}/documents/${documentId}`).set(auth(owner));
    if (res.status !== 200) throw new Error(`document: ${res.status} ${JSON.stringify(res.body)}`);
    const doc = res.body as KnowledgeDocument;
    if (doc.status === 'indexed' || doc.status === 'failed') return doc;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function addText(t: TestApp, owner: TestUser, baseId: string, name: string, text: string) {
  const res = await t
    .http()
    .post(`/api/knowledge-bases/${baseId}/documents/text`)
    .set(auth(owner))
    .send({ name, text });
  if (res.status !== 201) throw new Error(`text document: ${res.status} ${JSON.stringify(res.body)}`);
  return settledDocument(t, owner, baseId, res.body.id as string);
}

/** A one-page PDF whose page shows `text` (Helvetica), with a correct cross-reference table. */
export function tinyPdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, (c) => `\\${c}`)}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
