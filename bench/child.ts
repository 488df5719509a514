/**
 * One measured run, in its own process: `child.ts ours <config.yaml>` or
 * `child.ts baseline <components> <custom> [shaped]`. Prints one JSON line: a {@link RunSample}.
 * Modules are loaded before the clock starts; both kinds time the same thing: the program run under
 * the mock engine until every resource is collected (ours also loads and checks its stack config).
 */
import { synthesize } from "../tools/synth/engine";
import { baselineProgram } from "./baseline";

export interface RunSample {
    ms: number;
    maxRssBytes: number;
    resources: number;
    components: number;
    custom: number;
}

type Collected = Array<{ type: string; custom: boolean }>;

async function runOurs(configPath: string): Promise<Collected> {
    // Loaded only here, so the baseline process does not carry our modules in its memory.
    const synth = await import("../tools/synth/synth");
    const stackConfig = await import("../tools/synth/stackConfig");
    const project = synth.readProjectFile().name;
    const start = performance.now();
    const result = await synth.synthStack("bench", stackConfig.readEngineConfig(configPath, project), project);
    return timed(start, result.resources);
}

async function runBaseline(components: number, custom: number, shaped: boolean): Promise<Collected> {
    const start = performance.now();
    const result = await synthesize({
        project: "bench",
        stack: "bench",
        config: {},
        secretKeys: [],
        program: baselineProgram({ components, custom }, shaped),
    });
    return timed(start, result.resources);
}

let elapsed = 0;
function timed(start: number, resources: Collected): Collected {
    elapsed = performance.now() - start;
    return resources;
}

async function main(): Promise<void> {
    const [kind, ...args] = process.argv.slice(2);
    const resources = kind === "ours" ? await runOurs(args[0]) : await runBaseline(Number(args[0]), Number(args[1]), args[2] === "shaped");
    const registered = resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const sample: RunSample = {
        ms: elapsed,
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
