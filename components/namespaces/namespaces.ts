import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { NamespacesPlan } from "./plan";

/**
 * The namespaces of the plan, by name: created (`namespaces.create`), or read from the cluster, so
 * that a missing one stops the deployment at its read, before any route, Gateway or Certificate is
 * written (the API server would refuse them one by one). Objects that go there `dependsOn` them.
 */
export function stackNamespaces(name: string, plan: NamespacesPlan, parent: pulumi.Resource): Record<string, k8s.core.v1.Namespace> {
    return Object.fromEntries(
        plan.names.map((namespace) => [
            namespace,
            plan.create
                ? new k8s.core.v1.Namespace(`${name}-${namespace}`, { metadata: { name: namespace } }, { parent })
                : k8s.core.v1.Namespace.get(`${name}-${namespace}`, namespace, { parent }),
        ]),
    );
}
