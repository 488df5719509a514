import * as assert from "node:assert/strict";
import { rollingDrain, threeZoneCluster, Workload } from "./drain";
import type { PodDisruptionBudget } from "./evictionApi";

function workload(name: string, replicas: number, budget?: Partial<PodDisruptionBudget>, extra: Partial<Workload> = {}): Workload {
    return {
        name: `app/${name}`,
        namespace: "app",
        replicas,
        podLabels: { app: name },
        budgets: budget ? [{ name, namespace: "app", selector: { app: name }, ...budget }] : [],
        keepsServing: true,
        ...extra,
    };
}

describe("rolling drain model", () => {
    it("two replicas with maxUnavailable 1: every node drains and a pod stays Ready throughout", () => {
        const report = rollingDrain(threeZoneCluster(), [workload("web", 2, { maxUnavailable: 1 })]);
        assert.equal(report.failure, undefined);
        assert.equal(report.completed, true);
        assert.deepEqual(report.outages, []);
        assert.equal(report.fewestReady["app/web"], 1);
    });

    it("the drain waits for the replacement to be Ready before it evicts the second replica", () => {
        // Both replicas' nodes are drained in turn; the second drain is refused until the first replacement is Ready.
        const report = rollingDrain(threeZoneCluster(), [workload("web", 2, { maxUnavailable: 1 })], { startupSeconds: 60 });
        assert.equal(report.completed, true);
        assert.ok(report.seconds >= 60, `took ${report.seconds}s`);
    });

    it("one replica without a budget: the drain completes, and leaves no Ready pod until the replacement starts", () => {
        const report = rollingDrain(threeZoneCluster(), [workload("web", 1)]);
        assert.equal(report.completed, true);
        assert.equal(report.fewestReady["app/web"], 0);
        assert.match(report.outages[0], /^0s app\/web \(draining node-1\)$/);
    });

    it("one replica under minAvailable 1: the drain of its node never completes (EKS: PodEvictionFailure after 15 minutes)", () => {
        const report = rollingDrain(threeZoneCluster(), [workload("web", 1, { minAvailable: 1 })]);
        assert.equal(report.completed, false);
        assert.match(report.failure ?? "", /^node-1: not drained after 900s \(PodEvictionFailure\): app\/web-1: Cannot evict pod/);
    });

    it("two budgets selecting the same pods stop the drain with the API's 500", () => {
        const web = workload("web", 2, { maxUnavailable: 1 });
        web.budgets.push({ name: "web-extra", namespace: "app", selector: { app: "web" }, maxUnavailable: 1 });
        const report = rollingDrain(threeZoneCluster(), [web]);
        assert.equal(report.completed, false);
        assert.match(report.failure ?? "", /more than one PodDisruptionBudget/);
    });

    it("a one-node cluster: the second replica's budget waits for a replacement that has nowhere to go", () => {
        const report = rollingDrain([{ name: "node-1", zone: "ca-central-1a" }], [workload("web", 2, { maxUnavailable: 1 })], {
            nodeTimeoutSeconds: 120,
        });
        assert.equal(report.completed, false);
        assert.match(report.failure ?? "", /^node-1: not drained after 120s/);
    });

    it("a pod that needs another workload's webhook is not created while that workload has no Ready pod", () => {
        const control = workload("control", 1);
        const edge = workload("edge", 2, { maxUnavailable: 1 }, { admittedBy: "app/control", configuredBy: "app/control" });
        const report = rollingDrain(threeZoneCluster(), [control, edge]);
        assert.equal(report.completed, true);
        assert.ok(
            report.log.some((line) => /app\/edge: pod creation refused, no Ready app\/control to admit it/.test(line)),
            report.log.join("\n"),
        );
    });

    it("replicas go to the zone with the fewest of their workload: three replicas, one per zone", () => {
        const report = rollingDrain(threeZoneCluster(), [workload("web", 3, { maxUnavailable: 1 })]);
        assert.equal(report.completed, true);
        // Each node held a replica at the start; node-1's replacement then joined node-2 (the first of the equal nodes).
        const evictions = report.log.filter((line) => / evicted app\//.test(line)).map((line) => line.split(" ")[1]);
        assert.deepEqual(evictions, ["node-1:", "node-2:", "node-2:", "node-3:"]);
    });
});
