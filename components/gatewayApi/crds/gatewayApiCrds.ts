import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BundleObject } from "./bundle";

export interface GatewayApiCrdsArgs {
    /** The Gateway API release, e.g. `v1.6.1`. */
    version: string;
    /**
     * URL of that release's standard-channel bundle (`standard-install.yaml`), or of a mirror of it:
     * the Kubernetes provider downloads and parses it at every preview and update. Not with `objects`.
     */
    url?: string;
    /** The bundle a stack keeps in its repository (`gatewayApi.crdsFile`): where it was read and its sha256. */
    file?: { path: string; sha256: string };
    /** That bundle's objects, read and checked by the program (bundle.ts): each is registered as its own resource. */
    objects?: BundleObject[];
}

/** Keep the objects on delete: a Gateway API CRD deleted takes every Gateway and route of the cluster with it. */
export const retainOnDelete: pulumi.ResourceTransform = ({ props, opts }) => ({ props, opts: { ...opts, retainOnDelete: true } });

/**
 * The Kubernetes Gateway API CRDs, standard channel, from a release's bundle, which from v1.5 on
 * also holds the ValidatingAdmissionPolicy `safe-upgrades.gateway.networking.k8s.io`: the API
 * server refuses older CRDs over newer ones and experimental CRDs over standard ones. Give
 * istiod, Gateways and routes `dependsOn` {@link resources}. Its objects stay when it is deleted
 * (by a destroy, or by going back to `istio.api: istio`): other workloads may use the CRDs.
 */
export class GatewayApiCrds extends pulumi.ComponentResource {
    /** The bundle downloaded by the provider (`url`); undefined when the objects were given. */
    public readonly bundle: k8s.yaml.v2.ConfigFile | undefined;
    /** What to wait for: the downloaded bundle, or each object of the given one. */
    public readonly resources: pulumi.Resource[];
    /** The release installed. */
    public readonly version: string;

    constructor(name: string, args: GatewayApiCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:GatewayApiCrds", name, {}, opts);
        this.version = args.version;
        // Children do not inherit a component's dependsOn: pass it on.
        const childOpts = { parent: this, dependsOn: opts?.dependsOn };
        if (args.objects !== undefined) {
            this.bundle = undefined;
            this.resources = args.objects.map((object) => registerObject(`${name}-${object.metadata.name}`, object, childOpts));
        } else if (args.url !== undefined) {
            this.bundle = new k8s.yaml.v2.ConfigFile(
                `${name}-standard-install`,
                { file: args.url },
                { ...childOpts, transforms: [retainOnDelete] },
            );
            this.resources = [this.bundle];
        } else {
            throw new Error("GatewayApiCrds: give url or objects");
        }
        this.registerOutputs({ version: this.version });
    }
}

/** One object of a bundle as the typed resource of its kind; the kinds are those bundle.ts lets through. */
function registerObject(name: string, object: BundleObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    const kept = { ...opts, retainOnDelete: true };
    // The document's own fields; bundle.ts checked its kind, the API server checks the rest.
    const { apiVersion: _apiVersion, kind, ...fields } = object;
    const body: unknown = fields;
    switch (kind) {
        case "CustomResourceDefinition":
            return new k8s.apiextensions.v1.CustomResourceDefinition(name, body as k8s.apiextensions.v1.CustomResourceDefinitionArgs, kept);
        case "ValidatingAdmissionPolicy":
            return new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
                name,
                body as k8s.admissionregistration.v1.ValidatingAdmissionPolicyArgs,
                kept,
            );
        case "ValidatingAdmissionPolicyBinding":
            return new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
                name,
                body as k8s.admissionregistration.v1.ValidatingAdmissionPolicyBindingArgs,
                kept,
            );
        default:
            throw new Error(
                `GatewayApiCrds: no resource for ${kind} "${object.metadata.name}" (a Gateway API bundle holds CRDs and its admission policy)`,
            );
    }
}
