/** Strings of the agent editor, canvas, node drawer and schema form (studio.editor.*). */
export const studioEditor = {
  tabs: {
    overview: 'Overview',
    workflow: 'Workflow',
    test: 'Test',
    versions: 'Versions',
    publish: 'Publish',
  },
};
