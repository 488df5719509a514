import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterIssuerSpec, Route53SolverAuth, SolverZone } from "./spec";

export interface AcmeClusterIssuerArgs {
    /** Name of the ClusterIssuer. */
    name: string;
    /** ACME directory URL. */
    server: pulumi.Input<string>;
    /** ACME account contact. */
    email: pulumi.Input<string>;
    /** Region the solvers call Route53 in. */
    region: pulumi.Input<string>;
    /** One solver per zone, with the zone's hosted zone ID. */
    zones: SolverZone[];
    /** How the solvers authenticate to Route53. */
    auth: Route53SolverAuth;
}

/**
 * An ACME ClusterIssuer (cert-manager.io/v1) that proves hosts by DNS-01 in Route53.
 * Give it `dependsOn` the cert-manager release, whose webhook must answer first, and the
 * credentials its solvers read.
 */
export class AcmeClusterIssuer extends pulumi.ComponentResource {
    /** Name of the ClusterIssuer. */
    public readonly issuerName: string;
    /** The ClusterIssuer object. */
    public readonly issuer: k8s.apiextensions.CustomResource;

    constructor(name: string, args: AcmeClusterIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:AcmeClusterIssuer", name, {}, opts);
        const spec = clusterIssuerSpec({ ...args, accountKeySecretName: `${args.name}-account-key` });
        this.issuer = new k8s.apiextensions.CustomResource(
            name,
            { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: args.name }, spec },
            // Children do not inherit a component's dependsOn: pass it on.
            { parent: this, dependsOn: opts?.dependsOn },
        );
        this.issuerName = args.name;
        this.registerOutputs({ issuerName: this.issuerName });
    }
}
