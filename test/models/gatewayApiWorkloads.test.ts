import * as assert from "node:assert/strict";
import type { SynthResult } from "../../tools/synth/engine";
import { ChartDefaults } from "./chartWorkloads";
import { gatewayApiWorkloads } from "./gatewayApiWorkloads";
import { minimalArgs, synthComponent } from "../support/harness";
import { upstreamSchemasOrPending } from "../support/upstreamSchemas";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

describe("istiod's deployment of Kubernetes Gateways (model of deploymentcontroller.go)", function () {
    let defaults: ChartDefaults;
    let result: SynthResult;

    before(async function () {
        defaults = new ChartDefaults(upstreamSchemasOrPending(this).root);
        result = await synthComponent(minimalArgs({ istio: { api: "gateway-api" } }));
    });

    const withConfigMap = (edit: (data: Record<string, string>) => void): SynthResult => {
        const copy = structuredClone(result);
        const configMap = copy.resources.find((r) => r.type === CONFIG_MAP);
        if (!configMap) throw new Error("no ConfigMap");
        edit(configMap.inputs.data as Record<string, string>);
        return copy;
    };

    it("reads the HPA, budget, spread and requests from the Gateway's ConfigMap", () => {
        const [web] = gatewayApiWorkloads(result, defaults, "istio-system/istiod");
        assert.equal(web.name, "istio-ingress/web-istio");
        assert.equal(web.replicas, 2);
        assert.deepEqual(web.autoscaling, { min: 2, max: 5 });
        assert.deepEqual(web.budgets, [
            {
                name: "web-istio",
                namespace: "istio-ingress",
                selector: { "gateway.networking.k8s.io/gateway-name": "web" },
                maxUnavailable: 1,
                unhealthyPodEvictionPolicy: "AlwaysAllow",
            },
        ]);
        assert.deepEqual(web.requests, { cpu: "100m", memory: "128Mi" });
        assert.equal(web.spread.length, 2);
    });

    it("without the HPA key there is no HPA: the template's Deployment runs one replica", () => {
        const [web] = gatewayApiWorkloads(
            withConfigMap((data) => delete data.horizontalPodAutoscaler),
            defaults,
            "istio-system/istiod",
        );
        assert.equal(web.replicas, 1);
        assert.equal(web.autoscaling, undefined);
    });

    it("refuses a key istiod does not support, as istiod does", () => {
        assert.throws(
            () =>
                gatewayApiWorkloads(
                    withConfigMap((data) => (data.hpa = "{}")),
                    defaults,
                    "istio-system/istiod",
                ),
            /unsupported overlay "hpa" \(supported: \[deployment horizontalPodAutoscaler podDisruptionBudget service serviceAccount\]\)/,
        );
    });

    it("fails the Gateway whose ConfigMap does not exist, as istiod does", () => {
        const copy = structuredClone(result);
        copy.resources = copy.resources.filter((r) => r.type !== CONFIG_MAP);
        assert.throws(
            () => gatewayApiWorkloads(copy, defaults, "istio-system/istiod"),
            /parametersRef targeting configmap "istio-ingress\/web-infrastructure", but configmap does not exist/,
        );
    });
});
