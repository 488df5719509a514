/**
 * The apiVersion each Gateway API kind is written in. Each is a version that every standard-channel
 * bundle from v1.0.0 on serves and that istiod (1.30 and 1.31) watches
 * (`pkg/config/schema/gvr/resources.gen.go`): a cluster that manages its own, older CRDs
 * (`gatewayApi.installCrds: false`) then still accepts every object. `ReferenceGrant` is `v1beta1`:
 * bundles serve `v1` only from v1.5.0, and istiod watches `v1beta1`. See docs/gateway-api-crds.md.
 */
export const GATEWAY_API_VERSIONS = {
    Gateway: "gateway.networking.k8s.io/v1",
    HTTPRoute: "gateway.networking.k8s.io/v1",
    ReferenceGrant: "gateway.networking.k8s.io/v1beta1",
} as const;
