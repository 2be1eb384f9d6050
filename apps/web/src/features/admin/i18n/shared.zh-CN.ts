/** 各管理区域共用部分的文案（admin.shared.*）。 */
export const adminShared = {
  confirmQuestion: '确定{action}{target}？',
  affects: '这将影响：',
  noUndo: '此操作无法撤销。',
};
