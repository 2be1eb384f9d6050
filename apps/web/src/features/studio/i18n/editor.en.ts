/** Strings of the agent editor, canvas, node drawer and schema form (studio.editor.*). */
export const studioEditor = {
  tabs: {
    overview: 'Overview',
    workflow: 'Workflow',
    test: 'Test',
    versions: 'Versions',
    publish: 'Publish',
  },
  node: {
    entry: 'Entry',
    join: 'Join',
    end: 'End',
    error: 'This node has errors',
    warning: 'This node has warnings',
    errorHandle: 'Error branch',
  },
  form: {
    invalidJson: 'Not valid JSON',
    addItem: 'Add item',
    remove: 'Remove',
    removeItem: 'Remove item {n}',
  },
};
