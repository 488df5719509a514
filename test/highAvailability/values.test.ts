import * as assert from "node:assert/strict";
import { certManagerValues } from "../../components/certManager/values";
import { mergeChartValues } from "../../components/helm";
import { istiodValues, istioGatewayValues } from "../../components/istio/values";

const spread = (matchLabels: Record<string, string>) => [
    { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels } },
    { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels } },
];
const oneAtATime = { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" };

describe("production defaults (highAvailability) in the chart values", () => {
    it("istiod: at least 2 replicas, one eviction at a time, spread over zones and nodes; our keys stay", () => {
        assert.deepEqual(istiodValues("istio-system", "docker.io/istio", true), {
            autoscaleMin: 2,
            pdb: oneAtATime,
            topologySpreadConstraints: spread({ app: "istiod" }),
            global: { istioNamespace: "istio-system", hub: "docker.io/istio" },
        });
    });

    it("the gateway: HPA 2-5, one eviction at a time, spread of its own pods (by the release's label), requests", () => {
        const values = istioGatewayValues("LoadBalancer", { a: "b" }, true, "istio-edge");
        assert.deepEqual(values, {
            autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5 },
            podDisruptionBudget: oneAtATime,
            topologySpreadConstraints: spread({ istio: "edge" }),
            resources: { requests: { cpu: "100m", memory: "128Mi" } },
            service: { type: "LoadBalancer", annotations: { a: "b" } },
        });
    });

    it("cert-manager: controller 2, webhook 3, cainjector 2, each with a budget, spread and requests", () => {
        const values = certManagerValues({ highAvailability: true });
        const workload = (name: string, component: string, replicas: number, memory: string) => ({
            replicaCount: replicas,
            podDisruptionBudget: { enabled: true, ...oneAtATime },
            resources: { requests: { cpu: "10m", memory } },
            topologySpreadConstraints: spread({ "app.kubernetes.io/name": name, "app.kubernetes.io/component": component }),
        });
        assert.deepEqual(values, {
            ...workload("cert-manager", "controller", 2, "64Mi"),
            webhook: workload("webhook", "webhook", 3, "32Mi"),
            cainjector: workload("cainjector", "cainjector", 2, "64Mi"),
            crds: { enabled: true, keep: true },
            startupapicheck: { enabled: true },
            enableCertificateOwnerRef: true,
        });
    });

    it("cert-manager without highAvailability: only the values we own (the chart's one replica each, no budgets)", () => {
        assert.deepEqual(certManagerValues({ highAvailability: false }), {
            crds: { enabled: true, keep: true },
            startupapicheck: { enabled: true },
            enableCertificateOwnerRef: true,
        });
    });

    it("a user's chart value merged over ours replaces one setting and keeps the others", () => {
        const merged = mergeChartValues(certManagerValues({ highAvailability: true }), { webhook: { replicaCount: 5 } });
        assert.equal((merged.webhook as Record<string, unknown>).replicaCount, 5);
        assert.deepEqual((merged.webhook as Record<string, unknown>).podDisruptionBudget, { enabled: true, ...oneAtATime });
        assert.equal(merged.replicaCount, 2);
    });
});

describe("mergeChartValues (Helm's merge of values over defaults)", () => {
    it("merges maps key by key, and replaces lists and scalars", () => {
        assert.deepEqual(mergeChartValues({ a: { b: 1, c: [1, 2] }, d: "x" }, { a: { c: [3] }, d: "y", e: false }), {
            a: { b: 1, c: [3] },
            d: "y",
            e: false,
        });
    });

    it("leaves both arguments as they were", () => {
        const base = { a: { b: 1 } };
        const over = { a: { c: 2 } };
        mergeChartValues(base, over);
        assert.deepEqual(base, { a: { b: 1 } });
        assert.deepEqual(over, { a: { c: 2 } });
    });

    it("replaces a class instance (a Pulumi output) instead of merging into it", () => {
        class Box {
            constructor(public readonly value: string) {}
        }
        const box = new Box("arn");
        const merged = mergeChartValues({ annotations: { a: "b" } }, { annotations: box });
        assert.equal(merged.annotations, box);
    });
});
