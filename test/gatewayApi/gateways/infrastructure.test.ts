import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../../../components/config/validate";
import { gatewayInfrastructureData, GatewayInfrastructurePlan } from "../../../components/gatewayApi/gateways/infrastructure";
import { kubernetesGatewaySpec } from "../../../components/gatewayApi/gateways/spec";
import { IngressPlan, KubernetesGatewayPlan, planIngress } from "../../../components/plan";
import { metadata, minimalArgs, ofType, one, spec, synthComponent, transitiveDependencies } from "../../support/harness";

const production: GatewayInfrastructurePlan = {
    configMap: "web-infrastructure",
    minReplicas: 2,
    maxReplicas: 5,
    requests: { cpu: "100m", memory: "128Mi" },
    highAvailability: true,
};

const parsed = (data: Record<string, string>) =>
    Object.fromEntries(Object.entries(data).map(([key, value]) => [key, JSON.parse(value) as unknown]));

const spread = [
    {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "web" } },
    },
    {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "web" } },
    },
];

describe("what istiod deploys for each Kubernetes Gateway (its parametersRef ConfigMap)", () => {
    it("with highAvailability: HPA 2-5 on CPU, requests of istio-proxy, zone and node spread of the Gateway's pods, a budget of one pod at a time", () => {
        assert.deepEqual(parsed(gatewayInfrastructureData("web", production)), {
            horizontalPodAutoscaler: {
                spec: {
                    minReplicas: 2,
                    maxReplicas: 5,
                    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
                },
            },
            deployment: {
                spec: {
                    template: {
                        spec: {
                            topologySpreadConstraints: spread,
                            containers: [{ name: "istio-proxy", resources: { requests: { cpu: "100m", memory: "128Mi" } } }],
                        },
                    },
                },
            },
            podDisruptionBudget: { spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" } },
        });
    });

    it("without highAvailability: the HPA and requests asked for, and neither budget nor spread", () => {
        const data = parsed(gatewayInfrastructureData("web", { ...production, minReplicas: 1, maxReplicas: 3, highAvailability: false }));
        assert.deepEqual(Object.keys(data).sort(), ["deployment", "horizontalPodAutoscaler"]);
        assert.deepEqual(data.deployment, {
            spec: {
                template: { spec: { containers: [{ name: "istio-proxy", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] } },
            },
        });
    });

    it("the Gateway names its ConfigMap in spec.infrastructure.parametersRef, beside the Service annotations", () => {
        const gateway: KubernetesGatewayPlan = {
            name: "web",
            namespace: "edge",
            hosts: ["www.example.com"],
            httpsRedirect: true,
            http: { name: "http", allowedNamespaces: ["edge"] },
            https: [],
            infrastructure: production,
        };
        assert.deepEqual(kubernetesGatewaySpec(gateway, { "a/b": "c" }).infrastructure, {
            annotations: { "a/b": "c" },
            parametersRef: { group: "", kind: "ConfigMap", name: "web-infrastructure" },
        });
        assert.deepEqual(kubernetesGatewaySpec(gateway, {}).infrastructure, {
            parametersRef: { group: "", kind: "ConfigMap", name: "web-infrastructure" },
        });
    });

    describe("planning", () => {
        const base = {
            acme: { email: "ops@example.com" },
            route53: { zones: [{ domain: "example.com" }] },
            istio: { api: "gateway-api" },
            gateways: [{ name: "web", hosts: ["www.example.com"] }],
        };
        function infrastructureOf(raw: Record<string, unknown>): GatewayInfrastructurePlan | undefined {
            const result = validateIngressConfig(raw);
            if (!result.ok) throw new Error(JSON.stringify(result.problems));
            const plan: IngressPlan = planIngress(result.config);
            if (plan.api.api !== "gateway-api") throw new Error("not the Gateway API");
            return plan.api.gateways[0].infrastructure;
        }

        it("by default, the production defaults", () => {
            assert.deepEqual(infrastructureOf(base), production);
        });

        it("gatewayApi.deployment over them", () => {
            const raw = {
                ...base,
                gatewayApi: { deployment: { minReplicas: 3, maxReplicas: 10, cpuRequest: "250m", memoryRequest: "256Mi" } },
            };
            assert.deepEqual(infrastructureOf(raw), {
                ...production,
                minReplicas: 3,
                maxReplicas: 10,
                requests: { cpu: "250m", memory: "256Mi" },
            });
        });

        it("without highAvailability: none (istiod's own one replica), unless gatewayApi.deployment asks for something", () => {
            assert.equal(infrastructureOf({ ...base, highAvailability: false }), undefined);
            assert.deepEqual(infrastructureOf({ ...base, highAvailability: false, gatewayApi: { deployment: { maxReplicas: 3 } } }), {
                ...production,
                minReplicas: 1,
                maxReplicas: 3,
                highAvailability: false,
            });
        });
    });

    it("the ConfigMap lives in the Gateway's namespace and exists before the Gateway; it waits for nothing but its namespace", async () => {
        const result = await synthComponent(
            minimalArgs({ istio: { api: "gateway-api" }, gateways: [{ name: "web", namespace: "edge", hosts: ["www.example.com"] }] }),
        );
        const configMap = one(result, "kubernetes:core/v1:ConfigMap");
        const gateway = one(result, "kubernetes:gateway.networking.k8s.io/v1:Gateway");
        assert.deepEqual(metadata(configMap), { name: "web-infrastructure", namespace: "edge" });
        assert.deepEqual((spec(gateway).infrastructure as Record<string, unknown>).parametersRef, {
            group: "",
            kind: "ConfigMap",
            name: "web-infrastructure",
        });
        assert.ok(transitiveDependencies(result, gateway).has(configMap.urn), "the Gateway waits for its ConfigMap");
        const waitsFor = transitiveDependencies(result, configMap);
        for (const release of ofType(result, "kubernetes:helm.sh/v3:Release")) {
            assert.ok(!waitsFor.has(release.urn), `the ConfigMap does not wait for ${release.name}`);
        }
    });
});
