import type { KnowledgeDocument } from '@agenthub/contracts';
import { crc32, deflateRawSync } from 'node:zlib';
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

/** A zip archive (no data descriptors); `deflate` compresses the entries (else stored). */
export function zipArchive(entries: Array<[string, Buffer]>, deflate = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const body = deflate ? deflateRawSync(data) : data;
    const header = (central: boolean) => {
      const h = Buffer.alloc(central ? 46 : 30);
      h.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, 0);
      const p = central ? 6 : 4; // central headers start with "version made by"
      if (central) h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, p);
      h.writeUInt16LE(deflate ? 8 : 0, p + 4);
      h.writeUInt32LE(crc32(data), p + 10);
      h.writeUInt32LE(body.length, p + 14);
      h.writeUInt32LE(data.length, p + 18);
      h.writeUInt16LE(Buffer.byteLength(name), p + 22);
      if (central) h.writeUInt32LE(offset, 42);
      return Buffer.concat([h, Buffer.from(name)]);
    };
    const local = header(false);
    locals.push(local, body);
    centrals.push(header(true));
    offset += local.length + body.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, central, end]);
}

/** A minimal Word document with one paragraph per entry of `paragraphs` (Buffers as they are). */
export function tinyDocx(paragraphs: Array<string | Buffer>, deflate = false): Buffer {
  const xml = (s: string | Buffer) =>
    Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'), Buffer.from(s)]);
  const body = Buffer.concat(
    paragraphs.flatMap((p) => [
      Buffer.from('<w:p><w:r><w:t>'),
      Buffer.from(p),
      Buffer.from('</w:t></w:r></w:p>'),
    ]),
  );
  return zipArchive(
    [
      [
        '[Content_Types].xml',
        xml(
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
            '<Default Extension="xml" ContentType="application/xml"/>' +
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        ),
      ],
      [
        '_rels/.rels',
        xml(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        ),
      ],
      [
        'word/document.xml',
        xml(
          Buffer.concat([
            Buffer.from(
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
            ),
            body,
            Buffer.from('</w:body></w:document>'),
          ]),
        ),
      ],
    ],
    deflate,
  );
}
