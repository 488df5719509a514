import { createHash } from "node:crypto";
import { isWildcard } from "../../config/dns";

/** Name of every Gateway's plain-HTTP listener (port 80). */
export const HTTP_LISTENER = "http";

/** A listener name is a `SectionName`: DNS labels joined by dots, at most 253 characters (Gateway API v1). */
const MAX_SECTION_NAME = 253;

/**
 * Name of the HTTPS listener of `host`, stable as hosts come and go (routes refer to it as their
 * `sectionName`): `https.<host>` for a name, `https-wildcard.<base>` for `*.<base>`. The first
 * label tells them apart, so no two hosts share a name; a name too long for a SectionName becomes
 * `https-<hash of the host>`.
 */
export function httpsListenerName(host: string): string {
    const name = isWildcard(host) ? `https-wildcard.${host.slice(2)}` : `https.${host}`;
    if (name.length <= MAX_SECTION_NAME) return name;
    return `https-${createHash("sha256").update(host).digest("hex").slice(0, 32)}`;
}
