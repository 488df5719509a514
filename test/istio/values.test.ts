import * as assert from "node:assert/strict";
import { istioBaseValues, istiodValues, istioGatewayValues } from "../../components/istio/values";
import { gatewayPodSelector } from "../../components/plan";

describe("Istio chart values", () => {
    it("point base and istiod at the control plane namespace", () => {
        assert.deepEqual(istioBaseValues("mesh"), { defaultRevision: "default", global: { istioNamespace: "mesh" } });
        assert.deepEqual(istiodValues("mesh"), { global: { istioNamespace: "mesh" } });
    });

    it("shape only the gateway's Service", () => {
        assert.deepEqual(istioGatewayValues("LoadBalancer", { a: "b" }), { service: { type: "LoadBalancer", annotations: { a: "b" } } });
    });

    it("select gateway pods by the label the chart gives them", () => {
        assert.deepEqual(gatewayPodSelector("istio-ingressgateway"), { istio: "ingressgateway" });
        assert.deepEqual(gatewayPodSelector("public-gw"), { istio: "public-gw" });
    });
});
