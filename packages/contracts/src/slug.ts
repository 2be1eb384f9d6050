/**
 * Shared by the API (slugs of new agents) and the Studio (the slug suggested as you type).
 * URL slug from a display name: ASCII letters and digits joined by `-`. Names with no ASCII
 * letters (e.g. Chinese ones) fall back to `agent`, and callers add a suffix when taken.
 */
export function slugify(name: string, fallback = 'agent'): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/g, '');
  return slug.length >= 2 ? slug : fallback;
}
