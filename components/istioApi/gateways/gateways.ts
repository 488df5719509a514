import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dependsOnWith } from "../../dependsOn";
import type { GatewayPlan } from "../../plan";
import { gatewaySpec } from "./spec";

export interface GatewaysArgs {
    /** The gateways to create. */
    gateways: GatewayPlan[];
    /** Pod labels of the gateway workload the Gateways bind to. */
    selector: Record<string, string>;
    /**
     * Namespaces this program creates, by name, so that Gateways in them wait for them.
     * Other namespaces must exist already.
     */
    managedNamespaces: Record<string, pulumi.Resource>;
    /**
     * The Certificates whose Secrets each gateway's HTTPS servers read, by gateway name. A Gateway
     * waits for its own only (they wait until Ready), so a new `credentialName` exists before Istio reads it.
     * @default {} (nothing to wait for)
     */
    certificates?: Record<string, readonly pulumi.Resource[]>;
}

/** A Gateway as routes refer to it. */
export interface GatewayRef {
    name: string;
    namespace: string;
    /** `namespace/name`, as a VirtualService's `gateways` lists it. */
    ref: string;
    /** The Gateway object, for what must wait for it. */
    resource: k8s.apiextensions.CustomResource;
}

/**
 * Istio Gateways (networking.istio.io/v1). Give it `dependsOn` Istio's `base` release (the CRDs).
 * Names and namespaces are plain values from the plan, so a preview shows every field.
 */
export class Gateways extends pulumi.ComponentResource {
    /** Each gateway by name. */
    public readonly gateways: Record<string, GatewayRef>;

    constructor(name: string, args: GatewaysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:Gateways", name, {}, opts);
        this.gateways = {};
        for (const gateway of args.gateways) {
            const resource = new k8s.apiextensions.CustomResource(
                `${name}-${gateway.name}`,
                {
                    apiVersion: "networking.istio.io/v1",
                    kind: "Gateway",
                    metadata: { name: gateway.name, namespace: gateway.namespace },
                    spec: gatewaySpec(gateway, args.selector),
                },
                {
                    parent: this,
                    dependsOn: dependsOnWith(
                        opts?.dependsOn,
                        args.managedNamespaces[gateway.namespace],
                        ...(args.certificates?.[gateway.name] ?? []),
                    ),
                },
            );
            this.gateways[gateway.name] = {
                name: gateway.name,
                namespace: gateway.namespace,
                ref: `${gateway.namespace}/${gateway.name}`,
                resource,
            };
        }
        this.registerOutputs({ gateways: Object.values(this.gateways).map((gateway) => gateway.ref) });
    }
}
