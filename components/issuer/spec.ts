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

export interface ClusterIssuerSpecArgs {
    server: pulumi.Input<string>;
    email: pulumi.Input<string>;
    /** Secret (in cert-manager's namespace) for the ACME account's private key; cert-manager creates it. */
    accountKeySecretName: string;
    region: pulumi.Input<string>;
    zones: readonly SolverZone[];
    auth: Route53SolverAuth;
}

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
            solvers: args.zones.map((zone) => ({
                selector: { dnsZones: [zone.domain] },
                dns01: { route53: { region: args.region, hostedZoneID: zone.hostedZoneId, ...args.auth } },
            })),
        },
    };
}
