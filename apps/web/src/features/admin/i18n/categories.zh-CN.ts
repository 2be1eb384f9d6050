import type { adminCategories as en } from './categories.en';

/** Strings of the admin categories tree (admin.categories.*). */
export const adminCategories: typeof en = {
  title: '分类',
  hint: '拖动分类可调整顺序或嵌套到其他分类下；箭头按钮可在同级分类间移动。',
  empty: '还没有分类。',
  add: '添加分类',
  addChild: '添加子分类',
  addChildTitle: '新建 {name} 的子分类',
  editTitle: '编辑 {name}',
  nameEn: '名称（英文）',
  nameZh: '名称（中文）',
  slug: '标识',
  agents: '{count} 个智能体',
  moveUp: '上移 {name}',
  moveDown: '下移 {name}',
  delete: '删除',
  inUse: '无法删除 {name}：有 {agents} 个智能体和 {children} 个子分类使用它，请先移走它们。',
  deleteTarget: '分类 {name}',
  deleteAffects: '它将从商店导航中移除；没有智能体在使用它',
};
