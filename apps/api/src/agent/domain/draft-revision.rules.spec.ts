import { assertDraftFresh, draftEtag, parseIfMatch } from './draft-revision.rules.js';
import { DomainError } from '../../common/domain-error.js';

const draft = { id: 'a1', revision: 3 };

describe('draft revision rules', () => {
  it('formats the ETag from the row id and its save counter', () => {
    expect(draftEtag(draft)).toBe('"a1.3"');
  });

  it('parses lists, weak tags and *', () => {
    expect(parseIfMatch('W/"a1.2", "a1.3"')).toEqual(['a1.2', 'a1.3']);
    expect(parseIfMatch('*')).toEqual(['*']);
  });

  it('lets a save through without If-Match, with the current tag, or with *', () => {
    expect(() => assertDraftFresh(undefined, draft)).not.toThrow();
    expect(() => assertDraftFresh('', draft)).not.toThrow();
    expect(() => assertDraftFresh('"a1.3"', draft)).not.toThrow();
    expect(() => assertDraftFresh('*', draft)).not.toThrow();
  });

  it('refuses a stale tag with 412, the current revision and the ETag header', () => {
    let error: unknown;
    try {
      assertDraftFresh('"a1.2"', draft);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.status).toBe(412);
    expect(e.code).toBe('draft_revision_stale');
    expect(e.details?.[0]).toMatchObject({ path: 'headers.if-match', message: 'a1.3' });
    expect(e.headers).toEqual({ ETag: '"a1.3"' });
  });

  it('treats a tag of another draft (published meanwhile) as stale', () => {
    expect(() => assertDraftFresh('"b2.3"', draft)).toThrow(DomainError);
  });
});
