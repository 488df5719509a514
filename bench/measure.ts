import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { RunSample } from "./child";

const REPO = join(__dirname, "..");
const COMPILED = join(REPO, ".cache", "bench-js");
const CHILD = join(COMPILED, "bench", "child.js");

/**
 * Compiles the bench and the program to JavaScript (bench/tsconfig.json), so that every measured
 * run is plain `node`: under ts-node, the TypeScript compiler's own heap would sit beside the program
 * and make its garbage collections slower, the more so the more files a program has.
 */
export function compileForBench(): void {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(REPO, "bench", "tsconfig.json")], {
        stdio: "inherit",
    });
}

/** Runs one measurement in a fresh Node process, from the compiled JavaScript. */
export function runChild(args: string[]): RunSample {
    const out = execFileSync(process.execPath, [CHILD, ...args], { encoding: "utf8", maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split("\n").pop() ?? "") as RunSample;
}

export function median(values: readonly number[]): number {
    if (values.length === 0) throw new RangeError("median of nothing");
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Summary {
    medianMs: number;
    peakRssBytes: number;
    resources: number;
    msPerResource: number;
    runsMs: number[];
}

/** Median wall time of the runs, and the highest peak memory any of them reached. */
export function summarize(samples: readonly RunSample[]): Summary {
    const medianMs = median(samples.map((s) => s.ms));
    const resources = samples[0].resources;
    return {
        medianMs,
        peakRssBytes: Math.max(...samples.map((s) => s.maxRssBytes)),
        resources,
        msPerResource: medianMs / resources,
        runsMs: samples.map((s) => Math.round(s.ms)),
    };
}
