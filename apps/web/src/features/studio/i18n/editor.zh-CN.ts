/** Strings of the agent editor, canvas, node drawer and schema form (studio.editor.*). */
export const studioEditor = {
  tabs: { overview: '概览', workflow: '工作流', test: '测试', versions: '版本', publish: '发布' },
};
