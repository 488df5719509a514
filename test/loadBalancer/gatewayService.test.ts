import * as assert from "node:assert/strict";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { INTERNAL_ANNOTATION, SCHEME_ANNOTATION } from "../../components/loadBalancer/scheme";
import type { SynthResult } from "../../tools/synth/engine";
import { minimalArgs, ofType, one, spec, synthComponent } from "../support/harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const RECORD = "aws:route53/record:Record";
const TYPE = "service.beta.kubernetes.io/aws-load-balancer-type";

/** The annotations of the gateway chart's Service (Istio's API). */
function chartServiceAnnotations(result: SynthResult): unknown {
    const gateway = ofType(result, RELEASE).find((r) => String(r.inputs.chart).endsWith("/gateway"));
    assert.ok(gateway, "the gateway chart is installed");
    return (gateway.inputs.values as { service: { annotations: unknown } }).service.annotations;
}

/** The annotations istiod copies onto each Gateway's Service (the Gateway API). */
const infrastructureAnnotations = (result: SynthResult): unknown =>
    (spec(one(result, GATEWAY)).infrastructure as { annotations: unknown } | undefined)?.annotations;

const withIstio = (istio: IstioAcmeIngressArgs["istio"], route53?: Partial<IstioAcmeIngressArgs["route53"]>) =>
    minimalArgs({
        istio,
        ...(route53 ? { route53: { zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }], ...route53 } } : {}),
    });

describe("the gateway Service's load balancer scheme", () => {
    it("is internet-facing for a stack without annotations, in both APIs", async () => {
        assert.deepEqual(chartServiceAnnotations(await synthComponent(withIstio({}))), { [SCHEME_ANNOTATION]: "internet-facing" });
        assert.deepEqual(infrastructureAnnotations(await synthComponent(withIstio({ api: "gateway-api" }))), {
            [SCHEME_ANNOTATION]: "internet-facing",
        });
    });

    it("is added to the stack's own annotations, which stay as they are", async () => {
        const own = { [TYPE]: "external", "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip" };
        const expected = { ...own, [SCHEME_ANNOTATION]: "internet-facing" };
        assert.deepEqual(chartServiceAnnotations(await synthComponent(withIstio({ serviceAnnotations: own }))), expected);
        assert.deepEqual(
            infrastructureAnnotations(await synthComponent(withIstio({ api: "gateway-api", serviceAnnotations: own }))),
            expected,
        );
    });

    it("asks both AWS controllers for an internal load balancer with loadBalancerScheme: internal", async () => {
        const internal = { [SCHEME_ANNOTATION]: "internal", [INTERNAL_ANNOTATION]: "true" };
        const zones = {
            zones: [{ domain: "example.com", hostedZoneId: "Z0PRIVATE0EXAMPLE000", private: true }],
            recursiveNameservers: ["10.0.0.2:53"],
        };
        assert.deepEqual(chartServiceAnnotations(await synthComponent(withIstio({ loadBalancerScheme: "internal" }, zones))), internal);
        assert.deepEqual(
            infrastructureAnnotations(await synthComponent(withIstio({ api: "gateway-api", loadBalancerScheme: "internal" }, zones))),
            internal,
        );
    });

    it("writes an internal load balancer's records to the private zone of a split-horizon name only", async () => {
        const result = await synthComponent(
            withIstio(
                { loadBalancerScheme: "internal" },
                {
                    zones: [
                        { domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
                        { domain: "example.com", hostedZoneId: "Z0PRIVATE0EXAMPLE000", private: true },
                    ],
                    recursiveNameservers: ["8.8.8.8:53"],
                },
            ),
        );
        assert.deepEqual(
            ofType(result, RECORD).map((r) => [r.name, r.inputs.zoneId]),
            [["ingress-records-private-www.example.com-A", "Z0PRIVATE0EXAMPLE000"]],
        );
    });

    it("is not written for a Service without a load balancer", async () => {
        assert.deepEqual(chartServiceAnnotations(await synthComponent(withIstio({ serviceType: "ClusterIP" }))), {});
    });
});
