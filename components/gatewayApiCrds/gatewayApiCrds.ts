import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export interface GatewayApiCrdsArgs {
    /** The Gateway API release, e.g. `v1.6.1`. */
    version: string;
    /** URL of that release's standard-channel bundle (`standard-install.yaml`), or of a mirror of it. */
    url: string;
}

/** Keep the objects on delete: a Gateway API CRD deleted takes every Gateway and route of the cluster with it. */
export const retainOnDelete: pulumi.ResourceTransform = ({ props, opts }) => ({ props, opts: { ...opts, retainOnDelete: true } });

/**
 * The Kubernetes Gateway API CRDs, standard channel, from a release's bundle, which from v1.5 on
 * also holds the ValidatingAdmissionPolicy `safe-upgrades.gateway.networking.k8s.io`: the API
 * server refuses older CRDs over newer ones and experimental CRDs over standard ones. Give
 * istiod, Gateways and routes `dependsOn` this. Its objects stay when it is deleted (by a destroy,
 * or by going back to `istio.api: istio`): other workloads may use the CRDs.
 */
export class GatewayApiCrds extends pulumi.ComponentResource {
    /** The bundle's objects: CRDs and the safe-upgrades admission policy and binding. */
    public readonly bundle: k8s.yaml.v2.ConfigFile;
    /** The release installed. */
    public readonly version: string;

    constructor(name: string, args: GatewayApiCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:GatewayApiCrds", name, {}, opts);
        this.version = args.version;
        this.bundle = new k8s.yaml.v2.ConfigFile(
            `${name}-standard-install`,
            { file: args.url },
            // Children do not inherit a component's dependsOn: pass it on.
            { parent: this, dependsOn: opts?.dependsOn, transforms: [retainOnDelete] },
        );
        this.registerOutputs({ version: this.version });
    }
}
