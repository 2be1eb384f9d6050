/** Strings of the admin review queue (admin.reviews.*). */
export const adminReviews = {
  title: 'Review queue',
  empty: 'No versions are waiting for review.',
  submitted: 'Submitted {when}',
  checks: 'Automatic checks',
  checksPassed: 'All automatic checks passed.',
  approve: 'Approve',
  reject: 'Reject',
  approveTitle: 'Approve {name} {version}',
  rejectTitle: 'Reject {name} {version}',
  approveEffect: 'The version is published: the store and every new chat use it from now on.',
  rejectEffect: 'The version is not published. The developer sees your reason and can submit again.',
  notes: 'Notes for the developer (optional)',
  reason: 'Reason (the developer sees it)',
  approved: '{name} approved and published',
  rejected: '{name} rejected',
};
