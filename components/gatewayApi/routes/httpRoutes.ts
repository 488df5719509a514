import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dependsOnWith } from "../../dependsOn";
import { GATEWAY_API_VERSIONS } from "../crds/apiVersions";
import type { HttpRoutePlan, RedirectRoutePlan, ReferenceGrantPlan } from "../../plan";
import { httpRouteSpec, redirectRouteSpec, referenceGrantSpec } from "./spec";

/** The type token of the ReferenceGrants this component wrote as `v1` before it wrote `v1beta1`. */
const REFERENCE_GRANT_V1_TYPE = "kubernetes:gateway.networking.k8s.io/v1:ReferenceGrant";

export interface HttpRoutesArgs {
    /** The routes to create. */
    routes: HttpRoutePlan[];
    /** The HTTP-to-HTTPS redirect routes, one per gateway that redirects. */
    redirects: RedirectRoutePlan[];
    /** The grants that let routes send to Services in other namespaces. */
    referenceGrants: ReferenceGrantPlan[];
    /** Namespaces this program creates, by name; others must exist already. */
    managedNamespaces: Record<string, pulumi.Resource>;
}

/**
 * HTTPRoutes (gateway.networking.k8s.io/v1), the redirect routes of the gateways' HTTP listeners,
 * and the ReferenceGrants (v1beta1, see {@link GATEWAY_API_VERSIONS}) cross-namespace destinations need. Give it `dependsOn` the Gateway API
 * CRDs. A route does not wait for its Gateway (istiod attaches it whenever both exist), but for the
 * grants it relies on, so that it never reports a refused reference.
 */
export class HttpRoutes extends pulumi.ComponentResource {
    /** `namespace/name` of each HTTPRoute, the redirect routes included. */
    public readonly httpRoutes: string[];
    /** `namespace/name` of each ReferenceGrant. */
    public readonly referenceGrants: string[];

    constructor(name: string, args: HttpRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:HttpRoutes", name, {}, opts);
        const namespaceOf = (namespace: string) => args.managedNamespaces[namespace];

        const grantsOfRoute = new Map<string, pulumi.Resource[]>();
        for (const grant of args.referenceGrants) {
            const resource = new k8s.apiextensions.CustomResource(
                `${name}-grant-${grant.namespace}-${grant.name}`,
                {
                    apiVersion: GATEWAY_API_VERSIONS.ReferenceGrant,
                    kind: "ReferenceGrant",
                    metadata: { name: grant.name, namespace: grant.namespace },
                    spec: referenceGrantSpec(grant),
                },
                {
                    parent: this,
                    dependsOn: dependsOnWith(opts?.dependsOn, namespaceOf(grant.namespace)),
                    // Written as v1 before: the same object, updated in place rather than created again.
                    aliases: [{ type: REFERENCE_GRANT_V1_TYPE }],
                },
            );
            grantsOfRoute.set(grant.route, [...(grantsOfRoute.get(grant.route) ?? []), resource]);
        }

        for (const redirect of args.redirects) {
            new k8s.apiextensions.CustomResource(
                `${name}-${redirect.name}`,
                {
                    apiVersion: GATEWAY_API_VERSIONS.HTTPRoute,
                    kind: "HTTPRoute",
                    metadata: { name: redirect.name, namespace: redirect.namespace },
                    spec: redirectRouteSpec(redirect),
                },
                { parent: this, dependsOn: dependsOnWith(opts?.dependsOn, namespaceOf(redirect.namespace)) },
            );
        }

        for (const route of args.routes) {
            new k8s.apiextensions.CustomResource(
                `${name}-${route.name}`,
                {
                    apiVersion: GATEWAY_API_VERSIONS.HTTPRoute,
                    kind: "HTTPRoute",
                    metadata: { name: route.name, namespace: route.namespace },
                    spec: httpRouteSpec(route),
                },
                {
                    parent: this,
                    dependsOn: dependsOnWith(opts?.dependsOn, namespaceOf(route.namespace), ...(grantsOfRoute.get(route.name) ?? [])),
                },
            );
        }
        this.httpRoutes = [...args.redirects, ...args.routes].map((route) => `${route.namespace}/${route.name}`);
        this.referenceGrants = args.referenceGrants.map((grant) => `${grant.namespace}/${grant.name}`);
        this.registerOutputs({ httpRoutes: this.httpRoutes, referenceGrants: this.referenceGrants });
    }
}
