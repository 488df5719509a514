import * as assert from "node:assert/strict";
import type { SynthResult } from "../../tools/synth/engine";
import { ChartDefaults, chartWorkloads, helmMerge } from "./chartWorkloads";
import { productionProblems } from "../support/production";
import { upstreamSchemasOrPending } from "../support/upstreamSchemas";

/** A synth result holding one Helm release of `chart` with `values`. */
function release(chart: "istiod" | "gateway" | "cert-manager", values: Record<string, unknown>, version?: string): SynthResult {
    const istio = chart !== "cert-manager";
    return {
        project: "p",
        stack: "s",
        outputs: {},
        resources: [
            {
                urn: `urn:${chart}`,
                type: "kubernetes:helm.sh/v3:Release",
                name: chart,
                custom: true,
                parent: "",
                dependencies: [],
                inputs: {
                    chart: istio ? `oci://ghcr.io/istio/release/charts/${chart}` : "oci://quay.io/jetstack/charts/cert-manager",
                    name: chart === "gateway" ? "istio-ingressgateway" : chart,
                    namespace: chart === "istiod" ? "istio-system" : chart === "gateway" ? "istio-ingress" : "cert-manager",
                    version: version ?? (istio ? "1.31.1" : "v1.21.1"),
                    values,
                },
            },
        ],
    };
}

describe("chart workloads model (what each chart renders from its values)", function () {
    let defaults: ChartDefaults;

    before(function () {
        defaults = new ChartDefaults(upstreamSchemasOrPending(this).root);
    });

    it("Helm's merge: maps merge, lists replace, null deletes", () => {
        assert.deepEqual(helmMerge({ a: { b: 1, c: 2 }, l: [1] }, { a: { c: null }, l: [2] }), { a: { b: 1 }, l: [2] });
    });

    describe("istiod", () => {
        for (const version of ["1.30.3", "1.31.1"]) {
            it(`${version}: the chart's defaults run one replica and render no budget (poddisruptionbudget.yaml needs autoscaleMin > 1)`, () => {
                const [istiod] = chartWorkloads(release("istiod", {}, version), defaults);
                assert.equal(istiod.replicas, 1);
                assert.deepEqual(istiod.budgets, []);
            });
        }

        it("autoscaleMin 2 alone: the chart's default budget, minAvailable 1", () => {
            const [istiod] = chartWorkloads(release("istiod", { autoscaleMin: 2 }), defaults);
            assert.equal(istiod.replicas, 2);
            assert.deepEqual(istiod.budgets, [
                { name: "istiod", namespace: "istio-system", selector: { app: "istiod", istio: "pilot" }, minAvailable: 1 },
            ]);
        });

        it("pdb.maxUnavailable replaces the default minAvailable (hasKey), so the budget is valid", () => {
            const [istiod] = chartWorkloads(release("istiod", { autoscaleMin: 2, pdb: { maxUnavailable: 1 } }), defaults);
            assert.deepEqual(istiod.budgets[0].minAvailable, undefined);
            assert.equal(istiod.budgets[0].maxUnavailable, 1);
        });

        it("without autoscaling, replicaCount decides both the replicas and whether there is a budget", () => {
            const [istiod] = chartWorkloads(release("istiod", { autoscaleEnabled: false, replicaCount: 3 }), defaults);
            assert.equal(istiod.replicas, 3);
            assert.equal(istiod.budgets.length, 1);
        });
    });

    describe("the gateway chart", () => {
        it("its defaults: HPA 1-5, and no budget (podDisruptionBudget is empty)", () => {
            const [gateway] = chartWorkloads(release("gateway", {}), defaults);
            assert.equal(gateway.replicas, 1);
            assert.deepEqual(gateway.autoscaling, { min: 1, max: 5 });
            assert.deepEqual(gateway.budgets, []);
        });

        it("a budget over an HPA minimum of 1 is not rendered", () => {
            const [gateway] = chartWorkloads(release("gateway", { podDisruptionBudget: { maxUnavailable: 1 } }), defaults);
            assert.deepEqual(gateway.budgets, []);
        });

        it("selects its pods by app and istio labels derived from the release name", () => {
            const values = { autoscaling: { minReplicas: 2 }, podDisruptionBudget: { minAvailable: 1 } };
            const [gateway] = chartWorkloads(release("gateway", values), defaults);
            assert.deepEqual(gateway.budgets[0].selector, { app: "istio-ingressgateway", istio: "ingressgateway" });
            assert.equal(gateway.podLabels.istio, "ingressgateway");
        });
    });

    describe("cert-manager", () => {
        it("its defaults: one replica each, no budgets", () => {
            const workloads = chartWorkloads(release("cert-manager", {}), defaults);
            assert.deepEqual(
                workloads.map((w) => [w.name, w.replicas, w.budgets.length]),
                [
                    ["cert-manager/cert-manager", 1, 0],
                    ["cert-manager/cert-manager-webhook", 1, 0],
                    ["cert-manager/cert-manager-cainjector", 1, 0],
                ],
            );
        });

        it("podDisruptionBudget.enabled alone writes minAvailable 1, which blocks every drain of a single replica", () => {
            const workloads = chartWorkloads(release("cert-manager", { webhook: { podDisruptionBudget: { enabled: true } } }), defaults);
            const webhook = workloads[1];
            assert.equal(webhook.name, "cert-manager/cert-manager-webhook");
            assert.equal(webhook.budgets[0].minAvailable, 1);
            assert.ok(
                productionProblems(webhook, workloads).some((problem) => /allows no eviction while every pod is Ready/.test(problem)),
            );
        });

        it("minAvailable given next to our maxUnavailable: both are written, and the API server refuses the budget", () => {
            const values = { replicaCount: 2, podDisruptionBudget: { enabled: true, maxUnavailable: 1, minAvailable: 1 } };
            const workloads = chartWorkloads(release("cert-manager", values), defaults);
            assert.ok(
                productionProblems(workloads[0], workloads).includes(
                    "cert-manager/cert-manager: PodDisruptionBudget cert-manager: the API server refuses it: spec: minAvailable and maxUnavailable cannot be both set",
                ),
            );
        });
    });
});
