import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SynthResult } from "../../tools/synth/engine";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, REPO_ROOT, synthStack } from "../../tools/synth/synth";
import { ChartDefaults, ChartWorkload } from "../models/chartWorkloads";
import { rollingDrain, threeZoneCluster } from "../models/drain";
import { minimalArgs, synthComponent } from "../support/harness";
import { productionProblems } from "../support/production";
import { upstreamSchemasOrPending } from "../support/upstreamSchemas";
import { deployedWorkloads } from "../models/workloads";

const project = readProjectFile();
const exampleStacks = readdirSync(project.stackConfigDir)
    .filter((file) => /^Pulumi\..+\.yaml$/.test(file))
    .map((file) => file.replace(/^Pulumi\./, "").replace(/\.yaml$/, ""));

function synthExample(stack: string): Promise<SynthResult> {
    return synthStack(stack, readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name), project.name);
}

const names = (workloads: readonly ChartWorkload[]) => workloads.map((workload) => workload.name);

/** A Kubernetes quantity in millicores ("100m", "2") or MiB ("128Mi", "2Gi"). */
function quantity(value: unknown, unit: "m" | "Mi"): number {
    const text = typeof value === "string" || typeof value === "number" ? String(value) : "0";
    const scale: Record<string, number> = unit === "m" ? { m: 1, "": 1000 } : { Mi: 1, Gi: 1024, "": 1 / (1024 * 1024) };
    const match = /^(\d+(?:\.\d+)?)(m|Mi|Gi|)$/.exec(text);
    if (!match || scale[match[2]] === undefined) throw new Error(`unexpected quantity ${text}`);
    return Number(match[1]) * scale[match[2]];
}

/** Pods, CPU (millicores) and memory (MiB) the workloads request at rest. */
function footprint(workloads: readonly ChartWorkload[]): { pods: number; cpu: number; memory: number } {
    const sum = (of: (workload: ChartWorkload) => number) =>
        workloads.reduce((total, workload) => total + workload.replicas * of(workload), 0);
    return {
        pods: sum(() => 1),
        cpu: sum((workload) => quantity(workload.requests.cpu, "m")),
        memory: sum((workload) => quantity(workload.requests.memory, "Mi")),
    };
}

/**
 * The drain property of issue 17, on what the charts render from the values we emit (the chart
 * templates are modelled in test/models/chartWorkloads.ts, the Eviction API in evictionApi.ts).
 */
describe("production defaults survive a rolling drain (3 nodes in 3 zones)", function () {
    let defaults: ChartDefaults;

    before(function () {
        defaults = new ChartDefaults(upstreamSchemasOrPending(this).root);
    });

    for (const stack of exampleStacks) {
        describe(`stacks/Pulumi.${stack}.yaml`, () => {
            let workloads: ChartWorkload[];
            let gatewayObjects: number;

            before(async function () {
                if (defaults === undefined) this.skip();
                const result = await synthExample(stack);
                workloads = deployedWorkloads(result, defaults);
                gatewayObjects = result.resources.filter((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:Gateway").length;
            });

            it("runs istiod, cert-manager's controller, webhook and cainjector, and the gateway chart or a Deployment per Kubernetes Gateway", () => {
                const expected = [
                    "istio-system/istiod",
                    "cert-manager/cert-manager",
                    "cert-manager/cert-manager-webhook",
                    "cert-manager/cert-manager-cainjector",
                ];
                for (const name of expected) assert.ok(names(workloads).includes(name), `${name} in ${names(workloads).join(", ")}`);
                const gateways = workloads.filter((workload) => workload.configuredBy !== undefined);
                assert.equal(gateways.length, gatewayObjects > 0 ? gatewayObjects : 1, names(gateways).join(", "));
            });

            it("gives every workload 2+ replicas, a budget that permits one eviction, zone and node spread, and requests", () => {
                assert.deepEqual(
                    workloads.flatMap((workload) => productionProblems(workload, workloads)),
                    [],
                );
            });

            it("drains every node, and the gateway, istiod and the webhook keep a Ready pod throughout", () => {
                const report = rollingDrain(threeZoneCluster(), workloads);
                assert.equal(report.failure, undefined);
                assert.deepEqual(report.outages, []);
                for (const workload of workloads)
                    assert.ok(report.fewestReady[workload.name] >= 1, `${workload.name}: ${report.fewestReady[workload.name]} Ready`);
            });
        });
    }

    describe("without highAvailability (the charts' defaults, which the component deployed before issue 17)", () => {
        let workloads: ChartWorkload[];

        before(async function () {
            if (defaults === undefined) this.skip();
            workloads = deployedWorkloads(await synthComponent(minimalArgs({ highAvailability: false })), defaults);
        });

        it("every workload has one replica and no budget: the istiod chart renders its PDB only above one replica", () => {
            for (const workload of workloads) {
                assert.equal(workload.replicas, 1, workload.name);
                assert.deepEqual(workload.budgets, [], workload.name);
            }
        });

        it("the drain completes but takes the gateway, istiod and cert-manager's webhook down while their pod restarts", () => {
            const report = rollingDrain(threeZoneCluster(), workloads);
            assert.equal(report.completed, true);
            const down = new Set(report.outages.map((outage) => outage.split(" ")[1]));
            assert.deepEqual([...down].sort(), [
                "cert-manager/cert-manager-webhook",
                "istio-ingress/istio-ingressgateway",
                "istio-system/istiod",
            ]);
        });
    });

    it("docs/production.md states what the defaults cost, as the charts render them (Istio's API, one gateway)", async function () {
        if (defaults === undefined) this.skip();
        const before = footprint(deployedWorkloads(await synthComponent(minimalArgs({ highAvailability: false })), defaults));
        const now = footprint(deployedWorkloads(await synthComponent(minimalArgs()), defaults));
        const gi = (mib: number) => `${(mib / 1024).toFixed(1)}Gi`;
        const cells = (row: string) => row.split("|").map((cell) => cell.trim());
        const row = readFileSync(join(REPO_ROOT, "docs", "production.md"), "utf8")
            .split("\n")
            .find((line) => line.startsWith("| **Total**"));
        assert.deepEqual(cells(row ?? ""), [
            "",
            "**Total**",
            `**${before.pods} → ${now.pods}**`,
            `**${before.cpu}m → ${now.cpu}m**`,
            `**about ${gi(before.memory)} → ${gi(now.memory)}**`,
            "",
        ]);
    });

    it("Gateway API without highAvailability: no ConfigMap, so istiod runs each Gateway with one replica and it goes down in the drain", async function () {
        if (defaults === undefined) this.skip();
        const args = minimalArgs({ highAvailability: false, istio: { api: "gateway-api" } });
        const workloads = deployedWorkloads(await synthComponent(args), defaults);
        const gateway = workloads.find((workload) => workload.name === "istio-ingress/web-istio");
        assert.deepEqual([gateway?.replicas, gateway?.budgets, gateway?.autoscaling], [1, [], undefined]);
        const report = rollingDrain(threeZoneCluster(), workloads);
        assert.ok(
            report.outages.some((outage) => outage.includes("istio-ingress/web-istio")),
            report.outages.join("\n"),
        );
    });

    describe("a one-node development cluster", () => {
        const oneNode = [{ name: "dev-node", zone: "ca-central-1a" }];

        it("with highAvailability, its drain cannot complete: each second replica waits for a node to go to", async function () {
            if (defaults === undefined) this.skip();
            const report = rollingDrain(oneNode, deployedWorkloads(await synthComponent(minimalArgs()), defaults));
            assert.equal(report.completed, false);
            assert.match(report.failure ?? "", /^dev-node: not drained after 900s \(PodEvictionFailure\)/);
        });

        it("with highAvailability: false, it drains", async function () {
            if (defaults === undefined) this.skip();
            const report = rollingDrain(
                oneNode,
                deployedWorkloads(await synthComponent(minimalArgs({ highAvailability: false })), defaults),
            );
            assert.equal(report.completed, true);
        });
    });
});
