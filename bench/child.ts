/**
 * One measured run, in its own process: `child.ts ours <engine-config.json> --record <resources.json>`
 * (the warm-up), `child.ts ours <engine-config.json> --preload <resources.json.modules>` or
 * `child.ts baseline|plain <resources.json>` (see bench/baseline.ts). Prints one JSON line: a {@link RunSample}.
 *
 * All kinds time the same thing: a program run under the mock engine until every resource is
 * collected. Modules and input files are loaded before the clock starts. Ours starts from the
 * config as the Pulumi engine hands it to a program (parsing Pulumi.<stack>.yaml is the CLI's job,
 * timed separately by the parent).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { synthesize, SynthResource } from "../tools/synth/engine";
import type { EngineConfig } from "../tools/synth/stackConfig";
import { loadSdkClasses, plainReplayProgram, sdkReplayProgram } from "./baseline";

export interface RunSample {
    ms: number;
    maxRssBytes: number;
    resources: number;
    components: number;
    custom: number;
}

/**
 * Ours. The SDKs load some modules lazily, on a program's first use of a resource type; so that
 * ours, like the baseline, runs with every module it needs already loaded, the recording run lists
 * those modules and the measured runs load them before the clock starts.
 */
async function runOurs(
    configPath: string,
    mode: "--record" | "--preload",
    file: string,
): Promise<{ ms: number; resources: SynthResource[] }> {
    // Loaded only here, so the baseline process does not carry our modules in its memory.
    const synth = await import("../tools/synth/synth");
    const config = JSON.parse(readFileSync(configPath, "utf8")) as EngineConfig;
    if (mode === "--preload") for (const module of JSON.parse(readFileSync(file, "utf8")) as string[]) await import(module);
    const loadedBefore = new Set(Object.keys(require.cache));
    const start = performance.now();
    const result = await synth.synthStack("bench", config, "istio-acme-ingress");
    const ms = performance.now() - start;
    if (mode === "--record") {
        writeFileSync(file, JSON.stringify(result.resources));
        writeFileSync(`${file}.modules`, JSON.stringify(Object.keys(require.cache).filter((module) => !loadedBefore.has(module))));
    }
    return { ms, resources: result.resources };
}

async function runBaseline(kind: "baseline" | "plain", recordPath: string): Promise<{ ms: number; resources: SynthResource[] }> {
    const recorded = JSON.parse(readFileSync(recordPath, "utf8")) as SynthResource[];
    if (kind === "baseline") loadSdkClasses();
    const start = performance.now();
    const result = await synthesize({
        project: "istio-acme-ingress",
        stack: "bench",
        config: {},
        secretKeys: [],
        program: (kind === "baseline" ? sdkReplayProgram : plainReplayProgram)(recorded),
    });
    return { ms: performance.now() - start, resources: result.resources };
}

async function main(): Promise<void> {
    const [kind, ...args] = process.argv.slice(2);
    if (kind !== "ours" && kind !== "baseline" && kind !== "plain") throw new Error(`unknown run kind ${kind}`);
    const { ms, resources } =
        kind === "ours" ? await runOurs(args[0], args[1] as "--record" | "--preload", args[2]) : await runBaseline(kind, args[0]);
    const registered = resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const sample: RunSample = {
        ms,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        resources: registered.length,
        components: registered.filter((r) => !r.custom).length,
        custom: registered.filter((r) => r.custom).length,
    };
    process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
});
