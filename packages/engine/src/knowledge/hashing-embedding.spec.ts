import { cosineSimilarity, hashingEmbedding, HASHING_EMBEDDING_DIMENSIONS } from './hashing-embedding.js';

describe('hashing embedding (offline demo)', () => {
  it('is deterministic and unit length', () => {
    const a = hashingEmbedding('Refunds are paid within 14 days');
    expect(a).toEqual(hashingEmbedding('Refunds are paid within 14 days'));
    expect(a).toHaveLength(HASHING_EMBEDDING_DIMENSIONS);
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
  });

  it('ranks text sharing words above unrelated text', () => {
    const q = hashingEmbedding('how long do refunds take');
    const related = hashingEmbedding('Refunds take up to 14 days after the return arrives.');
    const unrelated = hashingEmbedding('Our office is closed on public holidays in Berlin.');
    expect(cosineSimilarity(q, related)).toBeGreaterThan(cosineSimilarity(q, unrelated) + 0.2);
  });

  it('matches Chinese text by characters and character pairs', () => {
    const q = hashingEmbedding('退款需要多久');
    expect(cosineSimilarity(q, hashingEmbedding('退款将在十四天内完成'))).toBeGreaterThan(
      cosineSimilarity(q, hashingEmbedding('办公室周末关闭')),
    );
  });

  it('gives a zero vector (similarity 0) for text without words', () => {
    const empty = hashingEmbedding('  ... !!! ');
    expect(empty.every((x) => x === 0)).toBe(true);
    expect(cosineSimilarity(empty, hashingEmbedding('word'))).toBe(0);
  });
});
