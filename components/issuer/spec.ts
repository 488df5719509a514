import type * as pulumi from "@pulumi/pulumi";

/** A key in a Secret, as cert-manager refers to one. */
export interface SecretKeySelector {
    name: string;
    key: string;
}

/** How the Route53 solver authenticates; fields as in cert-manager's `route53` solver. */
export interface Route53SolverAuth {
    accessKeyIDSecretRef?: SecretKeySelector;
    secretAccessKeySecretRef?: SecretKeySelector;
    /** A role to assume before calling Route53 (zones in another account). */
    role?: string;
}

export interface SolverZone {
    domain: string;
    hostedZoneId: pulumi.Input<string>;
}

/** Where the ClusterIssuer finds its External Account Binding: the key ID, and the Secret key holding the HMAC key. */
export interface ExternalAccountBindingRef {
    keyId: string;
    keySecretRef: SecretKeySelector;
}

export interface ClusterIssuerSpecArgs {
    server: pulumi.Input<string>;
    email: pulumi.Input<string>;
    /** Registers the ACME account with this External Account Binding. */
    externalAccountBinding?: ExternalAccountBindingRef;
    /** The certificate profile its orders request (cert-manager v1.18 or later). */
    profile?: string;
    /** Secret (in cert-manager's namespace) for the ACME account's private key; cert-manager creates it. */
    accountKeySecretName: string;
    region: pulumi.Input<string>;
    zones: readonly SolverZone[];
    auth: Route53SolverAuth;
}

/**
 * `pulumi up` waits until cert-manager reports the ClusterIssuer Ready, that is once the CA registered
 * its ACME account (with an External Account Binding where given), so that a refused registration
 * fails the update at the issuer, with the CA's reason, rather than as Certificates that time out.
 */
export const CLUSTER_ISSUER_AWAIT_ANNOTATIONS = {
    "pulumi.com/waitFor": "condition=Ready",
    "pulumi.com/timeoutSeconds": "300",
} as const;

/** The Secret key holding an External Account Binding's HMAC key. */
export const EAB_SECRET_KEY = "hmac-key";

/**
 * The `spec` of an ACME ClusterIssuer with one DNS-01 Route53 solver per hosted zone. Values that
 * are outputs (a looked-up zone ID, a secret email) stay outputs in place, so only they are unknown
 * in a preview or marked secret, not the whole spec.
 */
export function clusterIssuerSpec(args: ClusterIssuerSpecArgs): Record<string, unknown> {
    return {
        acme: {
            server: args.server,
            email: args.email,
            privateKeySecretRef: { name: args.accountKeySecretName },
            ...(args.profile !== undefined ? { profile: args.profile } : {}),
            ...(args.externalAccountBinding
                ? {
                      externalAccountBinding: {
                          keyID: args.externalAccountBinding.keyId,
                          keySecretRef: args.externalAccountBinding.keySecretRef,
                      },
                  }
                : {}),
            solvers: args.zones.map((zone) => ({
                selector: { dnsZones: [zone.domain] },
                dns01: { route53: { region: args.region, hostedZoneID: zone.hostedZoneId, ...args.auth } },
            })),
        },
    };
}
