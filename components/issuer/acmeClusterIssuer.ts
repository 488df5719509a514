import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { hmacKeyForCertManager } from "../config/acme";
import { dependsOnWith } from "../dependsOn";
import {
    CLUSTER_ISSUER_AWAIT_ANNOTATIONS,
    clusterIssuerSpec,
    EAB_SECRET_KEY,
    ExternalAccountBindingRef,
    Route53SolverAuth,
    SolverZone,
} from "./spec";

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
    /**
     * The External Account Binding the ACME account is registered with: its key goes to the Secret
     * `secretName` in `namespace` (cert-manager's, where a ClusterIssuer reads secrets).
     * @default none
     */
    externalAccountBinding?: { keyId: string; hmacKey: pulumi.Input<string>; secretName: string; namespace: pulumi.Input<string> };
    /**
     * The certificate profile its orders request.
     * @default none: the CA's default
     */
    profile?: string;
}

/** What cert-manager reports of an ACME ClusterIssuer: the ACME account it registered. */
interface ClusterIssuerStatus {
    acme?: { uri?: string };
}

/** A ClusterIssuer object whose `status` is an output, for the account URI cert-manager reports. */
class ClusterIssuerObject extends k8s.apiextensions.CustomResource {
    declare public readonly status: pulumi.Output<ClusterIssuerStatus | undefined>;
}

/**
 * An ACME ClusterIssuer (cert-manager.io/v1) that proves hosts by DNS-01 in Route53, and the Secret
 * of its External Account Binding where it has one. `pulumi up` waits until it is Ready (its ACME
 * account registered). Give it `dependsOn` the cert-manager release, whose webhook must answer
 * first, and the credentials its solvers read.
 */
export class AcmeClusterIssuer extends pulumi.ComponentResource {
    /** Name of the ClusterIssuer. */
    public readonly issuerName: string;
    /** The ClusterIssuer object. */
    public readonly issuer: k8s.apiextensions.CustomResource;
    /**
     * The URI of the ACME account cert-manager registered (`status.acme.uri`), known once the
     * ClusterIssuer is Ready, which `pulumi up` waits for; undefined in a preview before it exists.
     */
    public readonly accountUri: pulumi.Output<string | undefined>;
    /** The Secret holding the External Account Binding's HMAC key; undefined without one. */
    public readonly externalAccountBindingSecret: k8s.core.v1.Secret | undefined;

    constructor(name: string, args: AcmeClusterIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:AcmeClusterIssuer", name, {}, opts);
        const eab = args.externalAccountBinding;
        this.externalAccountBindingSecret =
            eab &&
            new k8s.core.v1.Secret(
                `${name}-eab`,
                {
                    metadata: { name: eab.secretName, namespace: eab.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
                    type: "Opaque",
                    stringData: { [EAB_SECRET_KEY]: pulumi.secret(pulumi.output(eab.hmacKey).apply(hmacKeyForCertManager)) },
                },
                // It needs only its namespace (through `namespace`), not the release the issuer waits for.
                { parent: this },
            );
        const externalAccountBinding: ExternalAccountBindingRef | undefined = eab && {
            keyId: eab.keyId,
            keySecretRef: { name: eab.secretName, key: EAB_SECRET_KEY },
        };
        const spec = clusterIssuerSpec({ ...args, externalAccountBinding, accountKeySecretName: `${args.name}-account-key` });
        const issuer = new ClusterIssuerObject(
            name,
            {
                apiVersion: "cert-manager.io/v1",
                kind: "ClusterIssuer",
                metadata: { name: args.name, annotations: { ...CLUSTER_ISSUER_AWAIT_ANNOTATIONS } },
                spec,
                // Not sent: declared so that the status cert-manager writes is an output.
                status: undefined,
            },
            // Children do not inherit a component's dependsOn: pass it on. cert-manager reads the
            // EAB key once, when it registers, and does not retry a Secret it did not find.
            { parent: this, dependsOn: dependsOnWith(opts?.dependsOn, this.externalAccountBindingSecret) },
        );
        this.issuer = issuer;
        this.accountUri = issuer.status.apply((status) => status?.acme?.uri);
        this.issuerName = args.name;
        this.registerOutputs({ issuerName: this.issuerName });
    }
}
