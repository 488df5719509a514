import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterIssuerSpec, Route53SolverAuth } from "./spec";

export interface AcmeClusterIssuerArgs {
    /** Name of the ClusterIssuer. */
    name: string;
    /** ACME directory URL. */
    server: pulumi.Input<string>;
    /** ACME account contact. */
    email: pulumi.Input<string>;
    /** Region the solvers call Route53 in. */
    region: pulumi.Input<string>;
    /** One solver per zone; each zone's ID must be known to write it into the solver. */
    zones: Array<{ domain: string; hostedZoneId: pulumi.Input<string> }>;
    /** How the solvers authenticate to Route53. */
    auth: pulumi.Input<Route53SolverAuth>;
}

/**
 * An ACME ClusterIssuer (cert-manager.io/v1) that proves hosts by DNS-01 in Route53.
 * Give it `dependsOn` the cert-manager release, whose webhook must answer first.
 */
export class AcmeClusterIssuer extends pulumi.ComponentResource {
    /** Name of the ClusterIssuer, resolved once it exists. */
    public readonly issuerName: pulumi.Output<string>;

    constructor(name: string, args: AcmeClusterIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:AcmeClusterIssuer", name, {}, opts);
        const zones = pulumi.all(args.zones.map((zone) => pulumi.all([zone.domain, zone.hostedZoneId])));
        const spec = pulumi
            .all([args.server, args.email, args.region, zones, args.auth])
            .apply(([server, email, region, resolvedZones, auth]) =>
                clusterIssuerSpec({
                    server,
                    email,
                    region,
                    accountKeySecretName: `${args.name}-account-key`,
                    zones: resolvedZones.map(([domain, hostedZoneId]) => ({ domain, hostedZoneId })),
                    auth,
                }),
            );
        const issuer = new k8s.apiextensions.CustomResource(
            name,
            { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: args.name }, spec },
            // Children do not inherit a component's dependsOn: pass it on.
            { parent: this, dependsOn: opts?.dependsOn },
        );
        this.issuerName = issuer.metadata.name;
        this.registerOutputs({ issuerName: this.issuerName });
    }
}
