/**
 * What "in the store" means, in one place (the store module and the category tree use it): published,
 * not archived, not deleted, with a live version. `a` is the `agents` alias. The agent module
 * derives `status = 'published'` from exactly "has a published current version and is not
 * archived" (deriveAgentStatus) and only ever points current_version_id at a published version;
 * re-checking the version row here would cost an index lookup per agent on every listing
 * (measured: +0.5 s at 100,000 agents).
 */
export const STORE_VISIBLE_AGENT_SQL = `(a.status = 'published' AND a.deleted_at IS NULL AND a.archived_at IS NULL
  AND a.current_version_id IS NOT NULL)`;
