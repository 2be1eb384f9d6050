/** Strings of the parts every admin area shares (admin.shared.*). */
export const adminShared = {
  confirmQuestion: '{action} {target}?',
  affects: 'This affects:',
  noUndo: 'This cannot be undone.',
};
