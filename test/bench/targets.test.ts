import { strict as assert } from "node:assert";
import type { Summary } from "../../bench/measure";
import { checkTargets, SizeResult } from "../../bench/targets";

function summary(medianMs: number, resources: number): Summary {
    return { medianMs, peakRssBytes: 100 * 1024 ** 2, resources, msPerResource: medianMs / resources, runsMs: [medianMs] };
}

/** One size's result: ours and the baseline (and the plain replay, a diagnostic) at the given medians. */
function size(hosts: number, oursMs: number, baselineMs: number): SizeResult {
    const resources = hosts * 2;
    return {
        hosts,
        ours: summary(oursMs, resources),
        baseline: summary(baselineMs, resources),
        ratio: oursMs / baselineMs,
        memoryRatio: 1,
        plainReplay: summary(baselineMs * 0.7, resources),
        plainRatio: oursMs / (baselineMs * 0.7),
        configLoadMs: 1,
    };
}

const growth = (sizes: SizeResult[]) => checkTargets(sizes, []).find((check) => check.name === "linear growth");

describe("bench targets", () => {
    it("judge growth against the baseline's growth in the same run, not against a fixed bound", () => {
        // A busy machine: the SDK itself grows 6x from 1,000 to 5,000 hosts, and so do we.
        const busy = growth([size(1000, 2300, 2000), size(5000, 13_800, 12_000)]);
        assert.equal(busy?.ok, true, busy?.detail);
        // An idle machine: the baseline grows 5x, ours 6.5x: a cost that grows faster than the resources.
        const quadratic = growth([size(1000, 2300, 2000), size(5000, 14_950, 10_000)]);
        assert.equal(quadratic?.ok, false, quadratic?.detail);
        assert.match(quadratic?.detail ?? "", /ours grows 1\.30x as much/);
    });

    it("compare the two largest sizes measured, as a quick run has no 5,000 hosts", () => {
        const check = growth([size(10, 70, 50), size(100, 300, 260), size(1000, 3000, 2000)]);
        assert.equal(check?.ok, false, check?.detail);
        assert.match(check?.detail ?? "", /^1,000 hosts cost 10\.00x 100 hosts/);
    });

    it("judge a quick run, which has no plain replay, by the same targets, saying nothing of the replay", () => {
        const quick = [size(100, 300, 260), size(1000, 2600, 2200)].map(({ plainReplay: _replay, plainRatio: _ratio, ...rest }) => rest);
        const checks = checkTargets(quick, []);
        assert.deepEqual(
            checks.map((check) => [check.name, check.ok]),
            [
                ["linear growth", true],
                ["vs baseline, 100 hosts", true],
                ["vs baseline, 1000 hosts", true],
                ["critical path carries no needless waits", true],
            ],
        );
        for (const check of checks) assert.doesNotMatch(check.detail, /plain replay|undefined|NaN/);
    });
});
