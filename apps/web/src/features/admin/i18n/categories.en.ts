/** Strings of the admin categories tree (admin.categories.*). */
export const adminCategories = {
  title: 'Categories',
  hint: 'Drag a category to reorder it or nest it under another; the arrows move it among its siblings.',
  empty: 'No categories yet.',
  add: 'Add category',
  addChild: 'Add sub-category',
  addChildTitle: 'New sub-category of {name}',
  editTitle: 'Edit {name}',
  nameEn: 'Name (English)',
  nameZh: 'Name (Chinese)',
  slug: 'Slug',
  agents: '{count} agents',
  moveUp: 'Move {name} up',
  moveDown: 'Move {name} down',
  delete: 'Delete',
  deleteConfirm: 'Delete the category {name}? This cannot be undone.',
  inUse: '{name} cannot be deleted: {agents} agents and {children} sub-categories use it. Move them first.',
};
