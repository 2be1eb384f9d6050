import { KNOWLEDGE_LIMITS, type KnowledgeDocument } from '@agenthub/contracts';
import { createTestApp, type TestApp, type TestUser } from '../helpers/test-app';
import { addText, auth, createBase, settledDocument, tinyPdf } from './knowledge-test.helpers';

const REFUNDS =
  '# Refunds\n\nRefunds are paid back to the original card within 14 days after the parcel arrives at our warehouse.\n\n' +
  '# Shipping\n\nParcels leave the warehouse every weekday. Express shipping costs 9 euros and arrives the next day.\n\n' +
  '# Opening hours\n\nThe support office is open Monday to Friday from 9 to 17 o clock.';

describe('knowledge bases (ingestion and retrieval with the demo embedding)', () => {
  let t: TestApp;
  let dev: TestUser;
  let otherDev: TestUser;
  let plainUser: TestUser;
  let admin: TestUser;
  let baseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    [dev, otherDev, plainUser, admin] = await Promise.all([
      t.createUser(['user', 'developer']),
      t.createUser(['user', 'developer']),
      t.createUser(['user']),
      t.createUser(['user', 'admin']),
    ]);
    baseId = await createBase(t, dev);
  });
  afterAll(async () => {
    await t.close();
  });

  const kb = (path = '') => `/api/knowledge-bases/${baseId}${path}`;

  it('ingests raw text into chunks with progress and retrieves the best passage first', async () => {
    const doc = await addText(t, dev, baseId, 'policies.md', REFUNDS);
    expect(doc).toMatchObject({ status: 'indexed', source: 'text', error: null });
    expect(doc.progress.total).toBeGreaterThanOrEqual(2);
    expect(doc.progress.done).toBe(doc.progress.total);

    const res = await t
      .http()
      .post(kb('/retrieve'))
      .set(auth(dev))
      .send({ query: 'how many days until refunds are paid?', topK: 2 });
    expect(res.status).toBe(200);
    expect(res.body.chunks).toHaveLength(2);
    expect(res.body.chunks[0]).toMatchObject({ index: 1, documentName: 'policies.md', documentId: doc.id });
    expect(res.body.chunks[0].text).toContain('14 days');
    expect(res.body.chunks[0].score).toBeGreaterThan(res.body.chunks[1].score);

    const base = await t.http().get(kb()).set(auth(dev));
    expect(base.body).toMatchObject({
      documentCount: 1,
      embedding: { model: 'hashing-512', dimensions: 512 },
    });
    expect(base.body.chunkCount).toBe(doc.progress.total);
  });

  it('uploads Markdown, HTML (scripts dropped), CSV and PDF files and makes them searchable', async () => {
    const upload = (name: string, content: Buffer | string) =>
      t.http().post(kb('/documents/file')).set(auth(dev)).attach('file', Buffer.from(content), name);
    const files: Array<[string, Buffer | string, string]> = [
      ['guide.md', '# Warranty\n\nThe warranty of every kettle lasts two years.', 'warranty kettle'],
      [
        'page.html',
        '<html><body><script>stealCookies()</script><p>Our mascot is a purple giraffe.</p></body></html>',
        'purple giraffe mascot',
      ],
      ['prices.csv', 'item,price\nteapot,25\nmug,7', 'teapot price'],
      [
        'manual.pdf',
        tinyPdf('Descaling the coffee machine takes twenty minutes.'),
        'descaling coffee machine',
      ],
    ];
    for (const [name, content, query] of files) {
      const res = await upload(name, content);
      expect(res.status).toBe(201);
      const doc = await settledDocument(t, dev, baseId, res.body.id as string);
      expect({ name, status: doc.status, error: doc.error }).toEqual({
        name,
        status: 'indexed',
        error: null,
      });
      const hits = await t.http().post(kb('/retrieve')).set(auth(dev)).send({ query, topK: 1 });
      expect(hits.body.chunks[0]?.documentName).toBe(name);
    }
    const html = await t
      .http()
      .post(kb('/retrieve'))
      .set(auth(dev))
      .send({ query: 'purple giraffe', topK: 1 });
    expect(html.body.chunks[0].text).not.toContain('stealCookies');
  });

  it('fails a malformed file with a clear error instead of breaking ingestion', async () => {
    const res = await t
      .http()
      .post(kb('/documents/file'))
      .set(auth(dev))
      .attach('file', Buffer.from('%PDF-1.4 garbage'), 'broken.pdf');
    expect(res.status).toBe(201);
    const doc = await settledDocument(t, dev, baseId, res.body.id as string);
    expect(doc.status).toBe('failed');
    expect(doc.error?.code).toBe('document_parse_failed');
    // The next document still goes through.
    expect((await addText(t, dev, baseId, 'after.txt', 'Still working after a broken file.')).status).toBe(
      'indexed',
    );
  });

  it('refuses duplicates (409), unsupported types and missing files (400), too large files (413)', async () => {
    const dup = await t
      .http()
      .post(kb('/documents/text'))
      .set(auth(dev))
      .send({ name: 'again.md', text: REFUNDS });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('duplicate_document');

    const exe = await t
      .http()
      .post(kb('/documents/file'))
      .set(auth(dev))
      .attach('file', Buffer.from('MZ'), 'tool.exe');
    expect(exe.status).toBe(400);
    expect(exe.body).toMatchObject({ code: 'unsupported_file_type', details: [{ path: 'file' }] });

    const none = await t.http().post(kb('/documents/file')).set(auth(dev)).field('x', '1');
    expect(none.status).toBe(400);

    const big = await t
      .http()
      .post(kb('/documents/file'))
      .set(auth(dev))
      .attach('file', Buffer.alloc(KNOWLEDGE_LIMITS.maxFileBytes + 1, 'a'), 'big.txt');
    expect(big.status).toBe(413);

    const bad = await t
      .http()
      .post('/api/knowledge-bases')
      .set(auth(dev))
      .send({ name: '', chunking: { chunkSize: 10 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.name', 'body.chunking.chunkSize']),
    );
  });

  it('refuses a URL that points into the private network (outbound URL guard)', async () => {
    const res = await t
      .http()
      .post(kb('/documents/url'))
      .set(auth(dev))
      .send({ url: 'http://127.0.0.1:9/secret' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'ssrf_blocked', details: [{ path: 'url' }] });
  });

  it('hides another developer’s base (404) and refuses plain users (403)', async () => {
    for (const path of ['', '/documents', '/retrieve']) {
      const req =
        path === '/retrieve' ? t.http().post(kb(path)).send({ query: 'refunds' }) : t.http().get(kb(path));
      const res = await req.set(auth(otherDev));
      expect(res.status).toBe(404);
    }
    const list = await t.http().get('/api/knowledge-bases').set(auth(otherDev));
    expect(list.body.items.map((b: { id: string }) => b.id)).not.toContain(baseId);
    expect((await t.http().get('/api/knowledge-bases').set(auth(plainUser))).status).toBe(403);
    // Admins see everyone's; only admins create platform-wide bases.
    expect((await t.http().get(kb()).set(auth(admin))).status).toBe(200);
    const platform = await t
      .http()
      .post('/api/knowledge-bases')
      .set(auth(dev))
      .send({ name: 'P', scope: 'platform' });
    expect(platform.status).toBe(403);
  });

  it('re-indexes after a chunking change and deletes a document with its chunks', async () => {
    const doc = (await t.http().get(kb('/documents')).set(auth(dev))).body.items.find(
      (d: KnowledgeDocument) => d.name === 'policies.md',
    ) as KnowledgeDocument;
    const changed = await t
      .http()
      .patch(kb())
      .set(auth(dev))
      .send({ chunking: { chunkSize: 1000, chunkOverlap: 0 } });
    expect(changed.status).toBe(200);
    const reindexed = await settledDocument(t, dev, baseId, doc.id);
    expect(reindexed.status).toBe('indexed');
    expect(reindexed.progress.total).toBe(1);

    const before = (await t.http().get(kb()).set(auth(dev))).body.chunkCount as number;
    expect(
      (
        await t
          .http()
          .delete(kb(`/documents/${doc.id}`))
          .set(auth(dev))
      ).status,
    ).toBe(204);
    const after = await t.http().get(kb()).set(auth(dev));
    expect(after.body.chunkCount).toBe(before - 1);
    const hits = await t
      .http()
      .post(kb('/retrieve'))
      .set(auth(dev))
      .send({ query: 'refunds paid 14 days', topK: 5 });
    expect(hits.body.chunks.map((c: { documentId: string }) => c.documentId)).not.toContain(doc.id);
  });
});
