/** Strings of the agent editor, canvas, node drawer and schema form (studio.editor.*). */
export const studioEditor = {
  tabs: { overview: '概览', workflow: '工作流', test: '测试', versions: '版本', publish: '发布' },
  node: {
    entry: '入口',
    join: '汇合',
    end: '结束',
    error: '此节点有错误',
    warning: '此节点有警告',
    errorHandle: '错误分支',
  },
  form: {
    invalidJson: '不是有效的 JSON',
    addItem: '添加一项',
    remove: '删除',
    removeItem: '删除第 {n} 项',
  },
};
