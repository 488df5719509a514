import type { Summary } from "./measure";

export const TARGETS = {
    /** 5,000 hosts cost at most this many times 1,000 hosts (5x the hosts: linear plus slack). */
    maxScaling5000Over1000: 5.5,
    /** Ours costs at most this many times the baseline for the same resource count. */
    maxRatioToBaseline: 1.3,
    /** Peak memory of the 5,000-host synth. */
    maxPeakBytes5000: 1024 ** 3,
} as const;

export interface SizeResult {
    hosts: number;
    ours: Summary;
    baseline: Summary;
    /** Ours over the bare baseline: the target. */
    ratio: number;
    /** Diagnostic only: the baseline with our objects' top-level input properties. */
    shaped: Summary;
    shapedRatio: number;
}

export interface TargetCheck {
    name: string;
    ok: boolean;
    detail: string;
}

export function checkTargets(sizes: readonly SizeResult[], needlessWaits: readonly string[]): TargetCheck[] {
    const at = (hosts: number): SizeResult | undefined => sizes.find((s) => s.hosts === hosts);
    const checks: TargetCheck[] = [];
    const big = at(5000);
    const mid = at(1000);
    if (big && mid) {
        const scaling = big.ours.medianMs / mid.ours.medianMs;
        checks.push({
            name: "linear growth",
            ok: scaling <= TARGETS.maxScaling5000Over1000,
            detail: `5,000 hosts cost ${scaling.toFixed(2)}x 1,000 hosts (at most ${TARGETS.maxScaling5000Over1000})`,
        });
    }
    for (const size of sizes) {
        checks.push({
            name: `vs baseline, ${size.hosts} hosts`,
            ok: size.ratio <= TARGETS.maxRatioToBaseline,
            detail: `ours ${size.ratio.toFixed(2)}x the baseline for ${size.ours.resources} resources (at most ${TARGETS.maxRatioToBaseline})`,
        });
    }
    if (big) {
        checks.push({
            name: "peak memory, 5,000 hosts",
            ok: big.ours.peakRssBytes < TARGETS.maxPeakBytes5000,
            detail: `${(big.ours.peakRssBytes / 1024 ** 2).toFixed(0)} MiB (under 1024 MiB)`,
        });
    }
    checks.push({
        name: "critical path carries no needless waits",
        ok: needlessWaits.length === 0,
        detail: needlessWaits.length === 0 ? "none found" : needlessWaits.join("; "),
    });
    return checks;
}
