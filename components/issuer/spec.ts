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
    hostedZoneId: string;
}

export interface ClusterIssuerSpecArgs {
    server: string;
    email: string;
    /** Secret (in cert-manager's namespace) for the ACME account's private key; cert-manager creates it. */
    accountKeySecretName: string;
    region: string;
    zones: readonly SolverZone[];
    auth: Route53SolverAuth;
}

/** The `spec` of an ACME ClusterIssuer with one DNS-01 Route53 solver per hosted zone. */
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
