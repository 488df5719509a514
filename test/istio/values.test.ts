import * as assert from "node:assert/strict";
import { istioBaseValues, istiodValues, istioGatewayValues } from "../../components/istio/values";
import { gatewayPodSelector } from "../../components/plan";

describe("Istio chart values", () => {
    it("point base and istiod at the control plane namespace", () => {
        assert.deepEqual(istioBaseValues("mesh"), { defaultRevision: "default", global: { istioNamespace: "mesh" } });
    });

    it("give istiod the image hub, which its injector also uses for the gateway's image: auto", () => {
        assert.deepEqual(istiodValues("mesh", "docker.io/istio", false), { global: { istioNamespace: "mesh", hub: "docker.io/istio" } });
        assert.deepEqual(istiodValues("mesh", "123456789012.dkr.ecr.ca-central-1.amazonaws.com/istio", false), {
            global: { istioNamespace: "mesh", hub: "123456789012.dkr.ecr.ca-central-1.amazonaws.com/istio" },
        });
    });

    it("shape only the gateway's Service without highAvailability (the chart's defaults: one replica, no budget)", () => {
        assert.deepEqual(istioGatewayValues("LoadBalancer", { a: "b" }, false, "istio-ingressgateway"), {
            service: { type: "LoadBalancer", annotations: { a: "b" } },
        });
    });

    it("select gateway pods by the label the chart gives them", () => {
        assert.deepEqual(gatewayPodSelector("istio-ingressgateway"), { istio: "ingressgateway" });
        assert.deepEqual(gatewayPodSelector("public-gw"), { istio: "public-gw" });
    });
});
