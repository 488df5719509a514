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
