/** Strings of the admin workflow templates list (admin.templates.*). */
export const adminTemplates = {
  title: 'Workflow templates',
  search: 'Search templates',
  status: 'Status',
  allStatuses: 'All statuses',
  statuses: { active: 'Published', draft: 'Draft', deprecated: 'Deprecated' },
  name: 'Name',
  version: 'Version',
  category: 'Category',
  usage: 'Uses',
  rating: 'Rating',
  publish: 'Publish',
  deprecate: 'Deprecate',
  deprecateConfirm:
    'Deprecate {name}? Developers no longer see it when creating agents; agents built from it keep working.',
  done: { active: '{name} published', draft: '{name} is a draft again', deprecated: '{name} deprecated' },
  stats: { instantiations: 'Instantiations', agents: 'Agents', chats: 'Chats' },
};
