import * as assert from "node:assert/strict";
import {
    gatewayServiceAnnotations,
    INTERNAL_ANNOTATION,
    SCHEME_ANNOTATION,
    schemeAnnotationProblems,
    schemeOfInternalAnnotation,
} from "../../components/loadBalancer/scheme";

/**
 * The rules modelled, as the two AWS controllers publish them:
 * - AWS Load Balancer Controller v3.5.0, pkg/service/model_build_load_balancer.go `buildLoadBalancerScheme`:
 *   `aws-load-balancer-scheme` ("internet-facing" | "internal", anything else: "unknown scheme"), else the
 *   legacy `aws-load-balancer-internal` (a bool), else the existing load balancer's, else
 *   `--default-load-balancer-scheme` ("internal", pkg/config/controller_config.go);
 * - cloud-provider-aws v1.36.1, pkg/providers/v1/aws.go `EnsureLoadBalancer`: internal when
 *   `aws-load-balancer-internal` is neither "" nor "false"; the scheme annotation is not read.
 */
function controllerScheme(annotations: Record<string, string>): string {
    const scheme = annotations[SCHEME_ANNOTATION];
    if (scheme !== undefined) {
        if (scheme !== "internet-facing" && scheme !== "internal") throw new Error(`unknown scheme: ${scheme}`);
        return scheme;
    }
    const internal = annotations[INTERNAL_ANNOTATION];
    if (internal === "true") return "internal";
    if (internal === "false") return "internet-facing";
    return "internal";
}
function inTreeScheme(annotations: Record<string, string>): string {
    const internal = annotations[INTERNAL_ANNOTATION];
    return internal === undefined || internal === "" || internal === "false" ? "internet-facing" : "internal";
}

describe("load balancer scheme annotations", () => {
    it("model: without scheme annotations the controller makes an internal load balancer, the in-tree provider an internet-facing one", () => {
        assert.equal(controllerScheme({}), "internal");
        assert.equal(inTreeScheme({}), "internet-facing");
    });

    it("make both controllers agree on the configured scheme, whatever the stack's other annotations", () => {
        const stacks: Array<Record<string, string>> = [
            {},
            { "service.beta.kubernetes.io/aws-load-balancer-type": "external" },
            { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb", "example.com/team": "edge" },
        ];
        for (const own of stacks) {
            for (const scheme of ["internet-facing", "internal"] as const) {
                const written = gatewayServiceAnnotations("LoadBalancer", own, scheme);
                assert.equal(controllerScheme(written), scheme, JSON.stringify(own));
                assert.equal(inTreeScheme(written), scheme, JSON.stringify(own));
                for (const [key, value] of Object.entries(own)) assert.equal(written[key], value, "keeps the stack's own");
            }
        }
    });

    it("write the scheme annotation always, and the in-tree one for internal only, where the stack gave none", () => {
        assert.deepEqual(gatewayServiceAnnotations("LoadBalancer", {}, "internet-facing"), { [SCHEME_ANNOTATION]: "internet-facing" });
        assert.deepEqual(gatewayServiceAnnotations("LoadBalancer", {}, "internal"), {
            [SCHEME_ANNOTATION]: "internal",
            [INTERNAL_ANNOTATION]: "true",
        });
        assert.deepEqual(gatewayServiceAnnotations("LoadBalancer", { [INTERNAL_ANNOTATION]: "0.0.0.0/0" }, "internal"), {
            [INTERNAL_ANNOTATION]: "0.0.0.0/0",
            [SCHEME_ANNOTATION]: "internal",
        });
    });

    it("leave the annotations of a Service without a load balancer as they are", () => {
        assert.deepEqual(gatewayServiceAnnotations("ClusterIP", { a: "b" }, "internet-facing"), { a: "b" });
        assert.deepEqual(gatewayServiceAnnotations("NodePort", {}, "internal"), {});
    });

    it("read the in-tree annotation as the in-tree provider does", () => {
        assert.equal(schemeOfInternalAnnotation("true"), "internal");
        assert.equal(schemeOfInternalAnnotation("0.0.0.0/0"), "internal");
        assert.equal(schemeOfInternalAnnotation("false"), "internet-facing");
        assert.equal(schemeOfInternalAnnotation(""), "internet-facing");
    });

    it("refuse a stack's own annotation that disagrees with the scheme, or that no controller takes", () => {
        assert.deepEqual(schemeAnnotationProblems({ [SCHEME_ANNOTATION]: "internet-facing" }, "internet-facing", false), []);
        assert.deepEqual(schemeAnnotationProblems({ [INTERNAL_ANNOTATION]: "true" }, "internal", true), []);
        assert.deepEqual(schemeAnnotationProblems({ [SCHEME_ANNOTATION]: "internal" }, "internet-facing", false), [
            `sets ${SCHEME_ANNOTATION}: "internal", but istio.loadBalancerScheme is "internet-facing" (the default): set istio.loadBalancerScheme: internal, or leave the annotation out (the component writes it)`,
        ]);
        assert.deepEqual(schemeAnnotationProblems({ [INTERNAL_ANNOTATION]: "true" }, "internet-facing", true), [
            `sets ${INTERNAL_ANNOTATION}: "true", which asks the in-tree AWS cloud provider for an internal load balancer, but istio.loadBalancerScheme is "internet-facing": set istio.loadBalancerScheme: internal, or leave the annotation out`,
        ]);
        assert.match(
            schemeAnnotationProblems({ [SCHEME_ANNOTATION]: "public" }, "internet-facing", false)[0],
            /refuses \("unknown scheme"\)/,
        );
    });
});
