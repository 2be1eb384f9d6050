import {
  assertAgentTransition,
  assertVersionEditable,
  deriveAgentStatus,
  nextVersionStatus,
  transitionVersion,
} from './agent-lifecycle.rules';

describe('agent version lifecycle', () => {
  it('goes draft → pending_review → published or rejected', () => {
    expect(nextVersionStatus('draft', 'submit')).toBe('pending_review');
    expect(nextVersionStatus('pending_review', 'approve')).toBe('published');
    expect(nextVersionStatus('pending_review', 'reject')).toBe('rejected');
  });

  it('deprecates only published versions, for good', () => {
    expect(nextVersionStatus('published', 'deprecate')).toBe('deprecated');
    for (const from of ['draft', 'pending_review', 'rejected', 'deprecated'] as const)
      expect(nextVersionStatus(from, 'deprecate')).toBeNull();
    expect(nextVersionStatus('deprecated', 'approve')).toBeNull();
  });

  it('refuses every other transition with a 409', () => {
    expect(nextVersionStatus('draft', 'approve')).toBeNull();
    expect(nextVersionStatus('published', 'reject')).toBeNull();
    expect(nextVersionStatus('rejected', 'approve')).toBeNull();
    expect(nextVersionStatus('published', 'submit')).toBeNull();
    expect(() => transitionVersion('published', 'approve')).toThrow(
      expect.objectContaining({ status: 409, code: 'invalid_transition' }),
    );
  });

  it('lets only drafts be edited', () => {
    expect(() => assertVersionEditable('draft')).not.toThrow();
    for (const status of ['pending_review', 'published', 'rejected'] as const) {
      expect(() => assertVersionEditable(status)).toThrow(
        expect.objectContaining({ status: 409, code: 'version_immutable' }),
      );
    }
  });

  it('archives and unarchives only from the opposite state', () => {
    expect(() => assertAgentTransition(false, 'archive')).not.toThrow();
    expect(() => assertAgentTransition(true, 'unarchive')).not.toThrow();
    expect(() => assertAgentTransition(true, 'archive')).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => assertAgentTransition(false, 'unarchive')).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('deriveAgentStatus', () => {
  const base = { archived: false, hasPublishedVersion: false, latestSubmittedStatus: null };
  it('is draft until something is submitted', () => {
    expect(deriveAgentStatus(base)).toBe('draft');
  });
  it('follows the latest submission while nothing is live', () => {
    expect(deriveAgentStatus({ ...base, latestSubmittedStatus: 'pending_review' })).toBe('pending_review');
    expect(deriveAgentStatus({ ...base, latestSubmittedStatus: 'rejected' })).toBe('rejected');
  });
  it('stays published while a newer version is pending or was rejected', () => {
    expect(deriveAgentStatus({ ...base, hasPublishedVersion: true, latestSubmittedStatus: 'rejected' })).toBe(
      'published',
    );
    expect(
      deriveAgentStatus({ ...base, hasPublishedVersion: true, latestSubmittedStatus: 'pending_review' }),
    ).toBe('published');
  });
  it('is archived whatever else holds', () => {
    expect(
      deriveAgentStatus({ archived: true, hasPublishedVersion: true, latestSubmittedStatus: 'published' }),
    ).toBe('archived');
  });
});
