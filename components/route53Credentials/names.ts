import { createHash } from "node:crypto";

/** IAM's limit on user and role names; managed policy names may be 128, so one name fits all three. */
export const IAM_NAME_MAX_LENGTH = 64;

/** The path of every IAM user, role and policy this package creates; it is part of their ARNs. */
export const IAM_PATH = "/istio-acme-ingress/";

const NAME_PREFIX = "cert-manager-dns01";
const HASH_LENGTH = 8;

/**
 * The name of cert-manager's IAM user or role and of its policy: `cert-manager-dns01-<project>-<stack>`.
 *
 * It is known before anything exists, so the account holding the zones can trust the role or user
 * ARN before the first `pulumi up` (a random suffix would be known only after it). A name too long
 * for IAM keeps its first 55 characters and ends with 8 hex digits of a hash of the whole name, so
 * two long stack names still give two names. Characters IAM refuses in names become `-`.
 */
export function credentialsIamName(project: string, stack: string): string {
    const full = `${NAME_PREFIX}-${project}-${stack}`.replace(/[^\w+=,.@-]/g, "-");
    if (full.length <= IAM_NAME_MAX_LENGTH) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, HASH_LENGTH);
    return `${full.slice(0, IAM_NAME_MAX_LENGTH - HASH_LENGTH - 1)}-${hash}`;
}
