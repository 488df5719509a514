import type { CertificateGroup } from "./groups";

/** The `spec` of a Certificate issued by a ClusterIssuer into the Secret Istio's gateway reads. */
export function certificateSpec(group: CertificateGroup, issuerName: string): Record<string, unknown> {
    return {
        secretName: group.secretName,
        dnsNames: group.dnsNames,
        issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: issuerName },
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
    };
}

/**
 * `pulumi up` waits until cert-manager reports the Certificate Ready, so a failing DNS-01 challenge
 * fails the update instead of passing silently. Issuance takes a minute or two; the timeout
 * leaves room for DNS propagation.
 */
export const CERTIFICATE_AWAIT_ANNOTATIONS = {
    "pulumi.com/waitFor": "condition=Ready",
    "pulumi.com/timeoutSeconds": "900",
} as const;

/**
 * Pulumi deletes a Certificate with foreground propagation and waits until it is gone: first the
 * objects it owns (CertificateRequests, their Orders and Challenges, whose finalizers remove the
 * challenge TXT records, and with `enableCertificateOwnerRef` its Secret). That happens while the
 * cert-manager release, which every Certificate depends on, still runs. Foreground is the provider's
 * default today; the annotation keeps it so whatever the default becomes.
 * https://www.pulumi.com/registry/packages/kubernetes/installation-configuration/ (pulumi.com/deletionPropagationPolicy)
 */
export const CERTIFICATE_DELETION_ANNOTATIONS = {
    "pulumi.com/deletionPropagationPolicy": "foreground",
} as const;
