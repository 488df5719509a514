import * as assert from "node:assert/strict";
import { budgetSpecProblems, budgetStatus, evictionOutcome, PodDisruptionBudget, PodState, scaledValue } from "./evictionApi";

/** `count` pods of the Deployment "web" in namespace "app", all Running and Ready unless told. */
function pods(count: number, override: Partial<PodState> = {}): PodState[] {
    return Array.from({ length: count }, (_, i) => ({
        name: `web-${i}`,
        namespace: "app",
        labels: { app: "web" },
        owner: "web",
        phase: "Running" as const,
        ready: true,
        terminating: false,
        ...override,
    }));
}

const budget = (spec: Partial<PodDisruptionBudget>): PodDisruptionBudget => ({
    name: "web",
    namespace: "app",
    selector: { app: "web" },
    ...spec,
});
const scale = (replicas: number) => () => replicas;

describe("Eviction API model (eviction.go, disruption.go)", () => {
    describe("a healthy pod", () => {
        it("maxUnavailable 1 of 2: the first eviction is allowed, the second refused with 429 until a replacement is Ready", () => {
            const all = pods(2);
            const pdb = budget({ maxUnavailable: 1 });
            assert.deepEqual(evictionOutcome(all[0], [pdb], all, scale(2)), { allowed: true, budget: "web" });
            all[0].terminating = true;
            assert.deepEqual(evictionOutcome(all[1], [pdb], all, scale(2)), {
                allowed: false,
                code: 429,
                budget: "web",
                message:
                    "Cannot evict pod as it would violate the pod's disruption budget. (The disruption budget web needs 1 healthy pods and has 1 currently)",
            });
        });

        it("minAvailable 1 over a single replica allows no eviction ever: the drain hangs (istio/istio#12602)", () => {
            const all = pods(1);
            const outcome = evictionOutcome(all[0], [budget({ minAvailable: 1 })], all, scale(1));
            assert.equal(outcome.allowed, false);
            assert.equal(!outcome.allowed && outcome.code, 429);
        });

        it("no budget: evicted at once", () => {
            const all = pods(1);
            assert.deepEqual(evictionOutcome(all[0], [], all, scale(1)), { allowed: true });
        });

        it("a budget with neither minAvailable nor maxUnavailable expects no pod and allows nothing (policy/v1 has no defaulting)", () => {
            const all = pods(3);
            assert.deepEqual(budgetStatus(budget({}), all, scale(3)), {
                expectedPods: 0,
                desiredHealthy: 0,
                currentHealthy: 3,
                disruptionsAllowed: 0,
            });
            assert.equal(evictionOutcome(all[0], [budget({})], all, scale(3)).allowed, false);
        });

        it("an empty selector matches no pod (eviction.go), so it guards nothing", () => {
            const all = pods(1);
            assert.deepEqual(evictionOutcome(all[0], [budget({ selector: {}, minAvailable: 1 })], all, scale(1)), { allowed: true });
        });

        it("two budgets selecting the pod: 500, which kubectl does not retry", () => {
            const all = pods(2);
            const outcome = evictionOutcome(
                all[0],
                [budget({ maxUnavailable: 1 }), budget({ name: "other", maxUnavailable: 1 })],
                all,
                scale(2),
            );
            assert.deepEqual(outcome, {
                allowed: false,
                code: 500,
                message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
            });
        });

        it("a budget of another namespace does not select the pod", () => {
            const all = pods(1);
            assert.deepEqual(evictionOutcome(all[0], [budget({ namespace: "other", minAvailable: 1 })], all, scale(1)), { allowed: true });
        });
    });

    describe("percentages round up (intstr.GetScaledValueFromIntOrPercent with roundUp)", () => {
        it("maxUnavailable 25% of 2 replicas is 1 pod, of 5 is 2", () => {
            assert.equal(scaledValue("25%", 2, true), 1);
            assert.equal(scaledValue("25%", 5, true), 2);
            assert.deepEqual(budgetStatus(budget({ maxUnavailable: "25%" }), pods(2), scale(2)).disruptionsAllowed, 1);
        });

        it("minAvailable 50% of 3 replicas needs 2 healthy: one disruption allowed", () => {
            assert.deepEqual(budgetStatus(budget({ minAvailable: "50%" }), pods(3), scale(3)), {
                expectedPods: 3,
                desiredHealthy: 2,
                currentHealthy: 3,
                disruptionsAllowed: 1,
            });
        });

        it("minAvailable 100% allows nothing", () => {
            assert.equal(budgetStatus(budget({ minAvailable: "100%" }), pods(3), scale(3)).disruptionsAllowed, 0);
        });

        it("maxUnavailable counts against the controller's scale, not the pods that exist: a missing pod uses the budget", () => {
            assert.equal(budgetStatus(budget({ maxUnavailable: 1 }), pods(1), scale(2)).disruptionsAllowed, 0);
        });

        it("an integer minAvailable counts the pods that exist", () => {
            assert.deepEqual(budgetStatus(budget({ minAvailable: 1 }), pods(2), scale(5)), {
                expectedPods: 2,
                desiredHealthy: 1,
                currentHealthy: 2,
                disruptionsAllowed: 1,
            });
        });
    });

    describe("a Running pod that is not Ready (unhealthyPodEvictionPolicy)", () => {
        it("IfHealthyBudget (the default): evicted without spending the budget while the rest is healthy enough", () => {
            const all = [...pods(2), ...pods(1, { name: "web-sick", ready: false })];
            assert.equal(evictionOutcome(all[2], [budget({ maxUnavailable: 1 })], all, scale(3)).allowed, true);
        });

        it("IfHealthyBudget: refused while the workload is short of healthy pods, so a crash-looping pod holds the drain", () => {
            const all = [...pods(1), ...pods(1, { name: "web-sick", ready: false })];
            const outcome = evictionOutcome(all[1], [budget({ minAvailable: 2 })], all, scale(2));
            assert.equal(!outcome.allowed && outcome.code, 429);
        });

        it("AlwaysAllow: evicted whatever the budget", () => {
            const all = [...pods(1), ...pods(1, { name: "web-sick", ready: false })];
            const pdb = budget({ minAvailable: 2, unhealthyPodEvictionPolicy: "AlwaysAllow" });
            assert.equal(evictionOutcome(all[1], [pdb], all, scale(2)).allowed, true);
            // A healthy pod is still guarded.
            assert.equal(evictionOutcome(all[0], [pdb], all, scale(2)).allowed, false);
        });

        it("a Pending pod is deleted without looking at budgets", () => {
            const all = pods(1, { phase: "Pending", ready: false });
            assert.equal(evictionOutcome(all[0], [budget({ minAvailable: 1 })], all, scale(1)).allowed, true);
        });
    });

    describe("what the API server refuses in a budget (ValidatePodDisruptionBudgetSpec)", () => {
        it("minAvailable and maxUnavailable together", () => {
            assert.deepEqual(budgetSpecProblems(budget({ minAvailable: 1, maxUnavailable: 1 })), [
                "spec: minAvailable and maxUnavailable cannot be both set",
            ]);
        });

        it("a percentage above 100%, a negative count, a word, an unknown policy", () => {
            assert.deepEqual(budgetSpecProblems(budget({ maxUnavailable: "150%" })), [
                "spec.maxUnavailable: must not be greater than 100%",
            ]);
            assert.deepEqual(budgetSpecProblems(budget({ minAvailable: -1 })), ["spec.minAvailable: must be greater than or equal to 0"]);
            assert.deepEqual(budgetSpecProblems(budget({ minAvailable: "one" })), [
                "spec.minAvailable: must be an integer or percentage (e.g '5%')",
            ]);
            assert.deepEqual(budgetSpecProblems(budget({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "Always" })), [
                'spec.unhealthyPodEvictionPolicy: Unsupported value: "Always": supported values: "IfHealthyBudget", "AlwaysAllow"',
            ]);
        });

        it("accepts what we emit", () => {
            assert.deepEqual(budgetSpecProblems(budget({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" })), []);
        });
    });
});
