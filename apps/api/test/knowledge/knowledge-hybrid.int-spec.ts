import type { RetrievedChunk } from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import { DatabaseFileStore } from '../../src/knowledge/storage/database.file-store';
import { createTestApp, type TestApp, type TestUser } from '../helpers/test-app';
import { addText, auth, createBase, settledDocument, tinyDocx } from './knowledge-test.helpers';

describe('knowledge bases (hybrid retrieval, filters, file types, stored originals)', () => {
  let t: TestApp;
  let dev: TestUser;
  let otherDev: TestUser;
  let plainUser: TestUser;
  let baseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    [dev, otherDev, plainUser] = await Promise.all([
      t.createUser(['user', 'developer']),
      t.createUser(['user', 'developer']),
      t.createUser(['user']),
    ]);
    baseId = await createBase(t, dev);
  });
  afterAll(async () => {
    await t.close();
  });

  const kb = (path = '') => `/api/knowledge-bases/${baseId}${path}`;
  const retrieve = async (body: Record<string, unknown>): Promise<RetrievedChunk[]> => {
    const res = await t.http().post(kb('/retrieve')).set(auth(dev)).send(body);
    expect(res.status).toBe(200);
    return res.body.chunks as RetrievedChunk[];
  };
  const upload = (name: string, content: Buffer | string, tags?: string) => {
    const req = t.http().post(kb('/documents/file')).set(auth(dev));
    if (tags) void req.field('tags', tags);
    return req.attach('file', Buffer.from(content), name);
  };

  it('parses DOCX, plain text and JSON files', async () => {
    const files: Array<[string, Buffer | string, string]> = [
      [
        'notes.docx',
        tinyDocx(['Loyalty cards', 'Every tenth espresso is free with a loyalty card.']),
        'espresso',
      ],
      ['plain.txt', 'The night porter keeps the spare keys.', 'porter'],
      [
        'faq.json',
        JSON.stringify({ question: 'Pets?', answer: 'Dogs are welcome in the garden.' }),
        'garden',
      ],
    ];
    for (const [name, content, word] of files) {
      const res = await upload(name, content);
      expect(res.status).toBe(201);
      const doc = await settledDocument(t, dev, baseId, res.body.id as string);
      expect({ name, status: doc.status, error: doc.error }).toEqual({
        name,
        status: 'indexed',
        error: null,
      });
      const hits = await retrieve({ query: word, topK: 1, documentIds: [doc.id] });
      expect(hits[0].text).toContain(word);
    }
  });

  it('fails a zip bomb disguised as DOCX with a clear error, and goes on', async () => {
    const bomb = tinyDocx([Buffer.alloc(120 * 1024 * 1024, 'x')], true);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await upload('bomb.docx', bomb);
    expect(res.status).toBe(201);
    const doc = await settledDocument(t, dev, baseId, res.body.id as string);
    expect(doc.status).toBe('failed');
    expect(doc.error?.code).toBe('document_parse_failed');
    expect((await addText(t, dev, baseId, 'after-bomb.txt', 'Alive after the bomb.')).status).toBe('indexed');
  }, 120_000); // compressing the bomb is slow on a busy machine

  it('finds stemmed English words through the full-text arm that the word-hashing vectors miss', async () => {
    const doc = await addText(
      t,
      dev,
      baseId,
      'returns.md',
      'Customers returning goods get refunded within a fortnight of the parcel arriving.',
    );
    const query = 'refunds for returned items';
    const vectorOnly = await retrieve({ query, hybridWeight: 0, topK: 3 });
    // No word in common: cosine 0, found by vectors at most as a leftover.
    expect(vectorOnly.find((c) => c.documentId === doc.id)?.score ?? 0).toBe(0);
    const hybrid = await retrieve({ query, hybridWeight: 0.5, topK: 3 });
    expect(hybrid[0]).toMatchObject({ documentId: doc.id, index: 1 });
  });

  it('matches Chinese as substrings in the full-text arm', async () => {
    const doc = await addText(t, dev, baseId, 'zh.txt', '会员卡每月十五号自动续费，退款请联系前台。');
    const hits = await retrieve({ query: '如何退款', hybridWeight: 1, topK: 1 });
    expect(hits[0]).toMatchObject({ documentId: doc.id });
  });

  it('filters by document and by tag', async () => {
    const tagged = await upload('vip.md', '# VIP\n\nVIP guests get a late checkout at two.', 'VIP, Hotel');
    expect(tagged.status).toBe(201);
    expect(tagged.body.tags).toEqual(['vip', 'hotel']);
    await settledDocument(t, dev, baseId, tagged.body.id as string);
    const other = await addText(t, dev, baseId, 'checkout.md', 'Standard checkout is at eleven.');

    const byTag = await retrieve({ query: 'checkout', tags: ['hotel'] });
    expect(new Set(byTag.map((c) => c.documentId))).toEqual(new Set([tagged.body.id]));
    const byDoc = await retrieve({ query: 'checkout', documentIds: [other.id] });
    expect(new Set(byDoc.map((c) => c.documentId))).toEqual(new Set([other.id]));

    const badTags = await upload('x.md', 'x', ','.repeat(3) + 'a'.repeat(60));
    expect(badTags.status).toBe(400);
    expect(badTags.body.details[0].path).toBe('tags');
  });

  it('lets the owner download the stored original; others get 404, plain users 403', async () => {
    const docx = tinyDocx(['Download me.']);
    const created = await upload('download.docx', docx);
    const path = kb(`/documents/${created.body.id}/file`);
    const res = await t
      .http()
      .get(path)
      .set(auth(dev))
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(Buffer.compare(res.body as Buffer, docx)).toBe(0);
    expect((await t.http().get(path).set(auth(otherDev))).status).toBe(404);
    expect((await t.http().get(path).set(auth(plainUser))).status).toBe(403);
    expect((await t.http().get(path)).status).toBe(401);
  });

  it('keeps originals in the database store (distributed mode) as it does on disk', async () => {
    const store = new DatabaseFileStore(t.app.get(DataSource));
    await store.put(`${baseId}/a.txt`, Buffer.from('one'));
    await store.put(`${baseId}/a.txt`, Buffer.from('two'));
    await store.put(`${baseId}/b.txt`, Buffer.from('three'));
    expect((await store.get(`${baseId}/a.txt`))?.toString()).toBe('two');
    await store.remove(`${baseId}/a.txt`);
    expect(await store.get(`${baseId}/a.txt`)).toBeNull();
    await store.removeBase(baseId);
    expect(await store.get(`${baseId}/b.txt`)).toBeNull();
  });
});
