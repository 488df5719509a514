/**
 * The cert-manager controller's ServiceAccount. The chart names it after the release
 * (`cert-manager`, our release name); we also set the name explicitly in the chart's values
 * whenever an IAM role trusts it, so the trust policy and the account cannot drift apart.
 */
export const CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";

/** The annotation EKS's pod identity webhook reads to give a ServiceAccount's pods a role (IRSA). */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

export interface ServiceAccountRef {
    namespace: string;
    name: string;
}

/** The `sub` claim of a ServiceAccount's projected token. */
export function serviceAccountSubject(account: ServiceAccountRef): string {
    return `system:serviceaccount:${account.namespace}:${account.name}`;
}
