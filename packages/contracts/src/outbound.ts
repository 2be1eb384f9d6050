import { z } from 'zod';

const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_NAME = new RegExp(`^(?:\\*\\.)?${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);
const IPV4 =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*(?:\/(?:12[0-8]|1[01]\d|[1-9]?\d))?$/;

/** True when `entry` is a host name, a `*.suffix` wildcard, an IP address or a CIDR range. */
export function isOutboundAllowEntry(entry: string): boolean {
  const e = entry.trim().toLowerCase();
  if (!e || e.length > 253) return false;
  if (IPV4.test(e)) return true;
  if (e.includes(':')) return IPV6.test(e) && (e.match(/::/g) ?? []).length <= 1;
  // A dotted-digits string that is not a valid IPv4 address is a typo, not a host name.
  if (/^[\d./]+$/.test(e)) return false;
  return HOST_NAME.test(e);
}

/**
 * One exception to the outbound network guard: `mcp.internal`, `*.corp.example`, `10.1.2.3`,
 * `10.1.0.0/16`, `fd00::/8`. Host entries match the URL's host name; address entries match the
 * addresses it resolves to. Stored lower-case.
 */
export const outboundAllowEntrySchema = z.string().trim().toLowerCase().refine(isOutboundAllowEntry, {
  message:
    'Expected a host name (api.internal), a wildcard (*.corp.example), an IP address or a CIDR range (10.0.0.0/8)',
});

/** `PUT /api/admin/outbound-policy`: the admin's allow-list (replaces the stored one). */
export const updateOutboundPolicyRequestSchema = z
  .object({ allowHosts: z.array(outboundAllowEntrySchema).max(200) })
  .strict();
export type UpdateOutboundPolicyRequest = z.infer<typeof updateOutboundPolicyRequestSchema>;

/** The outbound network rule in force: the admin's list plus the deployment's (env) list. */
export const outboundPolicySchema = z.object({
  /** Entries set by admins (editable). */
  allowHosts: z.array(z.string()),
  /** Entries from `OUTBOUND_ALLOW_HOSTS` (read-only here). */
  envAllowHosts: z.array(z.string()),
  /** `ALLOW_PRIVATE_NETWORK`: when true every private address is allowed and the lists do not matter. */
  allowPrivateNetwork: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type OutboundPolicy = z.infer<typeof outboundPolicySchema>;
