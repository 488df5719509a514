import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { GatewayPlan } from "../plan";
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
    managedNamespaces: Record<string, pulumi.Input<string>>;
}

/** A Gateway as routes refer to it. */
export interface GatewayRef {
    name: string;
    namespace: string;
    /** `namespace/name`, as a VirtualService's `gateways` lists it; resolves once the Gateway exists. */
    ref: pulumi.Output<string>;
}

/** Istio Gateways (networking.istio.io/v1). Give it `dependsOn` Istio's `base` release (the CRDs). */
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
                    metadata: { name: gateway.name, namespace: args.managedNamespaces[gateway.namespace] ?? gateway.namespace },
                    spec: gatewaySpec(gateway, args.selector),
                },
                // Children do not inherit a component's dependsOn: pass it on.
                { parent: this, dependsOn: opts?.dependsOn },
            );
            this.gateways[gateway.name] = {
                name: gateway.name,
                namespace: gateway.namespace,
                ref: pulumi.interpolate`${resource.metadata.namespace}/${resource.metadata.name}`,
            };
        }
        this.registerOutputs({ gateways: Object.fromEntries(Object.entries(this.gateways).map(([k, v]) => [k, v.ref])) });
    }
}
