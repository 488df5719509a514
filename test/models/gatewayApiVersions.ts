/**
 * Which Gateway API versions exist where, as the upstream sources publish them:
 * - the versions istiod watches, from Istio's `pkg/config/schema/gvr/resources.gen.go` at tag
 *   1.30.3 (commit 56df41f6) and on release-1.31 at a8d70121 (the Istio fixtures' commits): an object
 *   written in another served version is converted by the API server, but a version a cluster does
 *   not serve is refused ("no matches for kind ... in version ...");
 * - the versions the standard channel serves in the releases before the fixtures (v1.0.0 - v1.4.1),
 *   from `config/crd/standard/gateway.networking.k8s.io_{gateways,httproutes,referencegrants}.yaml`
 *   at each tag of kubernetes-sigs/gateway-api (`spec.versions[].served`). The fixture releases
 *   (v1.5.1, v1.6.1) are read from the fixtures themselves, not from here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

export type GatewayApiKind = "Gateway" | "HTTPRoute" | "ReferenceGrant";

/** The version of each kind istiod reads, by Istio minor (resources.gen.go: `KubernetesGateway`, `HTTPRoute`, `ReferenceGrant`). */
export const ISTIOD_WATCHES: Readonly<Record<string, Readonly<Record<GatewayApiKind, string>>>> = {
    "1.30": { Gateway: "v1", HTTPRoute: "v1", ReferenceGrant: "v1beta1" },
    "1.31": { Gateway: "v1", HTTPRoute: "v1", ReferenceGrant: "v1beta1" },
};

const SERVED_V1_0_TO_V1_4: Readonly<Record<GatewayApiKind, readonly string[]>> = {
    Gateway: ["v1", "v1beta1"],
    HTTPRoute: ["v1", "v1beta1"],
    ReferenceGrant: ["v1beta1"],
};

/** Served versions by release, before the fixture releases. v1.0.0 still served ReferenceGrant v1alpha2 (v1.1.0 stopped). */
export const SERVED_BEFORE_FIXTURES: Readonly<Record<string, Readonly<Record<GatewayApiKind, readonly string[]>>>> = {
    "v1.0.0": { ...SERVED_V1_0_TO_V1_4, ReferenceGrant: ["v1alpha2", "v1beta1"] },
    "v1.1.0": SERVED_V1_0_TO_V1_4,
    "v1.2.0": SERVED_V1_0_TO_V1_4,
    "v1.3.0": SERVED_V1_0_TO_V1_4,
    "v1.4.0": SERVED_V1_0_TO_V1_4,
    "v1.4.1": SERVED_V1_0_TO_V1_4,
};

/**
 * The oldest release whose standard channel has every field the program writes: `Gateway`
 * `spec.infrastructure` (the Service annotations, among them the load balancer scheme) is in the
 * standard channel from v1.2.0 (gateways.yaml at v1.1.0 has no `infrastructure`; at v1.2.0 it has
 * `annotations`, `labels`, `parametersRef`). Older releases would drop it without a word.
 */
export const OLDEST_SUPPORTED_BUNDLE = "v1.2.0";

/** The versions of `kind` a fixture release's standard channel serves, read from its CRD. */
export function servedInFixture(root: string, bundleDir: string, kind: GatewayApiKind): string[] {
    const file = { Gateway: "gateways", HTTPRoute: "httproutes", ReferenceGrant: "referencegrants" }[kind];
    const text = readFileSync(join(root, bundleDir, "standard", `gateway.networking.k8s.io_${file}.yaml`), "utf8");
    const crd = parseAllDocuments(text)
        .map((document) => document.toJS() as { kind?: string; spec?: { versions: Array<{ name: string; served: boolean }> } })
        .find((document) => document.kind === "CustomResourceDefinition");
    if (!crd?.spec) throw new Error(`no CRD in ${bundleDir}/standard/gateway.networking.k8s.io_${file}.yaml`);
    return crd.spec.versions.filter((version) => version.served).map((version) => version.name);
}
