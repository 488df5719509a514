/**
 * `npm run bench`: synth cost at 10 to 5,000 hosts against a bare baseline; `npm run synth` at 1,000 hosts as a whole
 * process against a bare compiled program; the start of `pulumi preview`'s program under each loader; and the critical
 * path of a cold `pulumi up`. Writes its results to .cache/bench/results.json (git-ignored), and to the tracked
 * bench/results.json only with `--save`; exits non-zero when a target fails.
 *
 * `npm run bench -- --quick`, for the inner loop: synth cost at 100 and 1,000 hosts with 3 runs each against the
 * baseline, and the critical path; no plain replay, whole process or preview start, never saved. Under a minute.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { readEngineConfig } from "../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../tools/synth/synth";
import { benchStackYaml } from "./configGen";
import { criticalPath } from "./criticalPath";
import { compileForBench, median, runChild, summarize } from "./measure";
import { measureStart, START_VARIANTS, StartSample, StartVariant } from "./pulumiStart";
import { checkTargets, SizeResult, StartupFigures } from "./targets";
import { measureWholeProcess, WholeProcessResult } from "./wholeProcess";
import { needlessWaits } from "./waitRules";
import { deploymentGraph } from "./weights";
import type { RunSample } from "./child";

/** What a run measures: the whole bench, or the quick one for the inner loop. */
interface BenchMode {
    quick: boolean;
    sizes: number[];
    /** Measured runs per size after one warm-up. */
    runsFor(hosts: number): number;
    /** Also runs the plain replay, a diagnostic; the quick run leaves it out to stay under a minute. */
    withPlainReplay: boolean;
}

const FULL: BenchMode = { quick: false, sizes: [10, 100, 1000, 5000], runsFor: (hosts) => (hosts >= 5000 ? 3 : 5), withPlainReplay: true };
const QUICK: BenchMode = { quick: true, sizes: [100, 1000], runsFor: () => 3, withPlainReplay: false };

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

/** Reads the generated Pulumi.<stack>.yaml as the CLI would, into the config the engine hands a program. */
function loadConfig(yamlPath: string, jsonPath: string): number {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
        const start = performance.now();
        const config = readEngineConfig(yamlPath, "istio-acme-ingress");
        times.push(performance.now() - start);
        writeFileSync(jsonPath, JSON.stringify(config));
    }
    return median(times);
}

function measureSize(hosts: number, runs: number, withPlainReplay: boolean, dir: string): SizeResult {
    const yamlPath = join(dir, `Pulumi.bench-${hosts}.yaml`);
    const configPath = join(dir, `bench-${hosts}.config.json`);
    const recordPath = join(dir, `bench-${hosts}.resources.json`);
    writeFileSync(yamlPath, benchStackYaml(hosts));
    const configLoadMs = loadConfig(yamlPath, configPath);
    runChild(["ours", configPath, "--record", recordPath]); // warm-up; records the resources the baseline replays
    const ours = (): RunSample => runChild(["ours", configPath, "--preload", `${recordPath}.modules`]);
    const baseline = (): RunSample => runChild(["baseline", recordPath]);
    const plain = (): RunSample => runChild(["plain", recordPath]);
    baseline(); // warm-ups
    if (withPlainReplay) plain();
    const samples: Record<"ours" | "baseline" | "plain", RunSample[]> = { ours: [], baseline: [], plain: [] };
    for (let i = 0; i < runs; i++) {
        samples.ours.push(ours());
        samples.baseline.push(baseline());
        if (withPlainReplay) samples.plain.push(plain());
    }
    const [o, b] = [summarize(samples.ours), summarize(samples.baseline)];
    const p = withPlainReplay ? summarize(samples.plain) : undefined;
    if (o.resources !== b.resources || (p && o.resources !== p.resources)) {
        throw new Error(`resource counts differ: ours ${o.resources}, baseline ${b.resources}, plain replay ${p?.resources ?? "-"}`);
    }
    const result: SizeResult = {
        hosts,
        ours: o,
        baseline: b,
        ratio: o.medianMs / b.medianMs,
        memoryRatio: o.peakRssBytes / b.peakRssBytes,
        ...(p ? { plainReplay: p, plainRatio: o.medianMs / p.medianMs } : {}),
        configLoadMs,
    };
    process.stdout.write(
        `${String(hosts).padStart(5)} hosts  ${String(o.resources).padStart(5)} resources  ratio ${result.ratio.toFixed(2)}${p ? ` (plain replay ${(o.medianMs / p.medianMs).toFixed(2)})` : ""}  ` +
            `ours ${o.medianMs.toFixed(0)} ms (${o.msPerResource.toFixed(2)} ms/res, peak ${mib(o.peakRssBytes)})  ` +
            `baseline ${b.medianMs.toFixed(0)} ms (${b.msPerResource.toFixed(2)} ms/res, peak ${mib(b.peakRssBytes)})  ` +
            (p ? `plain replay ${p.medianMs.toFixed(0)} ms (peak ${mib(p.peakRssBytes)})  ` : "") +
            `config file ${configLoadMs.toFixed(0)} ms\n`,
    );
    return result;
}

const WHOLE_PROCESS_HOSTS = 1000;
const WHOLE_PROCESS_RUNS = 5;
const START_RUNS = 5;

function reportWholeProcess(result: WholeProcessResult): void {
    process.stdout.write(
        `\nnpm run synth, ${result.hosts.toLocaleString("en")} hosts, whole process, against a bare compiled program registering the same resources ` +
            `(median of ${result.runs} interleaved rounds):\n` +
            `  npm run synth ${(result.synthMs / 1000).toFixed(2)} s, bare program ${(result.bareMs / 1000).toFixed(2)} s: ` +
            `${result.ratio.toFixed(2)}x (CPU ${result.cpuRatio.toFixed(2)}x); rounds ${result.roundsMs.map((r) => `${r.synth}/${r.bare}`).join(", ")} ms\n` +
            `  against the plain replay as a whole process (${(result.plainBareMs / 1000).toFixed(2)} s): ${result.plainRatio.toFixed(2)}x (CPU ${result.plainCpuRatio.toFixed(2)}x)\n` +
            `  where npm run synth's time goes: ${(Object.entries(result.breakdownMs) as Array<[string, number]>)
                .map(([phase, ms]) => `${phase} ${ms.toFixed(0)} ms`)
                .join(", ")}\n`,
    );
}

interface StartResult {
    variant: string;
    runs: number;
    sdkReadyMs: number;
    stackRegisteredMs: number;
    firstResourceMs: number;
    exitMs: number;
}

/** The preview program's start under each loader, interleaved; the type-checking one once (it takes some 10 s). */
async function measureStarts(stack: string, configPath: string, project: string): Promise<StartResult[]> {
    const config = readEngineConfig(configPath, project);
    const plan: Array<[StartVariant, number]> = [
        [START_VARIANTS.loader, START_RUNS],
        [START_VARIANTS.compiled, START_RUNS],
        [START_VARIANTS.tsNodeTranspileOnly, START_RUNS],
        [START_VARIANTS.loaderCold, 3],
        [START_VARIANTS.tsNodeTypeCheck, 1],
    ];
    await measureStart(START_VARIANTS.loader, stack, config, project); // warm-up, also of the loader's cache
    const samples = new Map<StartVariant, StartSample[]>(plan.map(([variant]) => [variant, []]));
    for (let round = 0; round < START_RUNS; round++) {
        for (const [variant, runs] of plan)
            if (round < runs) samples.get(variant)?.push(await measureStart(variant, stack, config, project));
    }
    return plan.map(([variant]) => {
        const runs = samples.get(variant) ?? [];
        const at = (field: keyof StartSample) => median(runs.map((sample) => sample[field]));
        return {
            variant: variant.name,
            runs: runs.length,
            sdkReadyMs: at("sdkReadyMs"),
            stackRegisteredMs: at("stackRegisteredMs"),
            firstResourceMs: at("firstResourceMs"),
            exitMs: at("exitMs"),
        };
    });
}

function reportStarts(stack: string, starts: readonly StartResult[]): void {
    process.stdout.write(
        `\npulumi preview of ${stack}: the program under the SDK's runner (as the language host starts it) against an engine served here; ` +
            `medians, from node's start:\n`,
    );
    for (const s of starts) {
        process.stdout.write(
            `  ${s.variant}: first resource ${(s.firstResourceMs / 1000).toFixed(2)} s ` +
                `(SDK ready ${s.sdkReadyMs.toFixed(0)} ms, program loaded and run to its first resource ${(s.firstResourceMs - s.stackRegisteredMs).toFixed(0)} ms), ` +
                `exit ${(s.exitMs / 1000).toFixed(2)} s; ${s.runs} run(s)\n`,
        );
    }
}

function machine(): Record<string, string | number> {
    const model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "unknown";
    return { cpu: model, cores: cpus().length, memory: mib(totalmem()), freeMemoryAtStart: mib(freemem()), node: process.version };
}

async function main(): Promise<void> {
    const began = performance.now();
    const mode = process.argv.includes("--quick") ? QUICK : FULL;
    const save = process.argv.includes("--save") && !mode.quick;
    const host = machine();
    process.stdout.write(
        `Machine: ${host.cpu}, ${host.cores} cores, ${host.memory}, Node ${host.node}; load average ${loadavg()
            .map((load) => load.toFixed(1))
            .join(", ")}${mode.quick ? "; quick run (--quick)" : ""}\n`,
    );
    process.stdout.write(
        "Synth: the stack program under the mock engine, from engine config to every resource collected; median of runs after a warm-up,\n" +
            "each in a fresh node process running the compiled JavaScript. Baseline: a bare program registering the same resources (same inputs, parents, dependencies)\n" +
            "through the SDK classes a plain program would use; plain replay (a diagnostic): the same as plain pulumi.CustomResources with only their inputs.\n" +
            "Reading the Pulumi.<stack>.yaml (the CLI's job) is shown apart as 'config file'.\n",
    );
    compileForBench();
    const dir = mkdtempSync(join(tmpdir(), "istio-acme-ingress-bench-"));
    let sizes: SizeResult[];
    let wholeProcess: WholeProcessResult | undefined;
    try {
        sizes = mode.sizes.map((hosts) => measureSize(hosts, mode.runsFor(hosts), mode.withPlainReplay, dir));
        if (!mode.quick) {
            const [yamlPath, recordPath] = [`Pulumi.bench-${WHOLE_PROCESS_HOSTS}.yaml`, `bench-${WHOLE_PROCESS_HOSTS}.resources.json`].map(
                (f) => join(dir, f),
            );
            wholeProcess = measureWholeProcess(WHOLE_PROCESS_HOSTS, yamlPath, recordPath, dir, WHOLE_PROCESS_RUNS);
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    const [mid, big] = sizes.slice(-2);
    process.stdout.write(
        `Scaling: ${big.hosts.toLocaleString("en")} hosts cost ${(big.ours.medianMs / mid.ours.medianMs).toFixed(2)}x ${mid.hosts.toLocaleString("en")} hosts ` +
            `(the baseline ${(big.baseline.medianMs / mid.baseline.medianMs).toFixed(2)}x)\n`,
    );

    const project = readProjectFile();
    let startup: StartupFigures | undefined;
    let starts: StartResult[] = [];
    if (wholeProcess) {
        reportWholeProcess(wholeProcess);
        starts = await measureStarts("dev", join(project.stackConfigDir, "Pulumi.dev.yaml"), project.name);
        reportStarts("dev", starts);
        startup = {
            synthOverBare: wholeProcess,
            previewStartMs: starts.find((s) => s.variant === START_VARIANTS.loader.name)?.firstResourceMs ?? Number.POSITIVE_INFINITY,
            previewStartCompiledMs: starts.find((s) => s.variant === START_VARIANTS.compiled.name)?.firstResourceMs ?? Number.NaN,
            load: { average: loadavg()[0], cores: cpus().length },
        };
    }

    const dev = await synthStack("dev", readEngineConfig(join(project.stackConfigDir, "Pulumi.dev.yaml"), project.name), project.name);
    const path = criticalPath(deploymentGraph(dev.resources));
    const nameOf = new Map(dev.resources.map((r) => [r.urn, r]));
    const graph = new Map(deploymentGraph(dev.resources).map((n) => [n.id, n.weight]));
    const steps = path.path.map((urn) => `${nameOf.get(urn)?.name} (${nameOf.get(urn)?.type.split(":").pop()}, ${graph.get(urn)} s)`);
    const waits = needlessWaits(dev.resources);
    process.stdout.write(`\nCritical path of a cold \`pulumi up\` (dev stack):\n  ${steps.join("\n  -> ")}\n`);
    process.stdout.write(
        `  total ${path.total} s; fully sequential ${path.sequentialTotal} s; sequential / critical = ${(path.sequentialTotal / path.total).toFixed(2)}\n`,
    );
    process.stdout.write(`  needless waits: ${waits.length === 0 ? "none" : waits.join("; ")}\n`);

    const checks = checkTargets(sizes, waits, startup);
    process.stdout.write("\nTargets:\n");
    for (const check of checks)
        process.stdout.write(`  ${check.informational ? "INFO" : check.ok ? "PASS" : "FAIL"}  ${check.name}: ${check.detail}\n`);

    const results = {
        date: new Date().toISOString(),
        mode: mode.quick ? "quick" : "full",
        durationMinutes: Number(((performance.now() - began) / 60000).toFixed(1)),
        machine: host,
        method: "median wall time of the stack program under the mock engine (from engine config to every resource collected), each run a fresh node process on the compiled JavaScript, one warm-up first, ours, the baseline (the same resources through the SDK classes a plain program uses) and the plain replay (the same resources as plain CustomResources, a diagnostic) interleaved; peak memory is the highest maxRSS of those runs",
        loadAverageAtEnd: loadavg().map((load) => Number(load.toFixed(2))),
        sizes,
        ...(wholeProcess
            ? {
                  wholeProcessSynth: wholeProcess,
                  previewStart: {
                      stack: "dev",
                      method: "the SDK's runner (cmd/run) as the language host starts it, against an engine served over gRPC with the synth's placeholders",
                      starts,
                  },
              }
            : {}),
        criticalPath: { stack: "dev", totalSeconds: path.total, sequentialSeconds: path.sequentialTotal, steps, needlessWaits: waits },
        targets: checks,
    };
    const resultsDir = join(__dirname, "..", ".cache", "bench");
    mkdirSync(resultsDir, { recursive: true });
    const written = [join(resultsDir, "results.json"), ...(save ? [join(__dirname, "results.json")] : [])];
    for (const file of written) writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    const minutes = (performance.now() - began) / 60000;
    process.stdout.write(
        `\nResults in ${written.join(" and ")}${save ? "" : " (--save also writes bench/results.json)"}. ` +
            `The bench took ${minutes.toFixed(1)} min; load average ${loadavg()
                .map((load) => load.toFixed(1))
                .join(", ")}.\n`,
    );
    const failed = checks.filter((c) => !c.ok);
    if (failed.length > 0) {
        process.stdout.write(`\n${failed.length} target(s) failed: ${failed.map((c) => c.name).join(", ")}\n`);
        process.exitCode = 1;
    }
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
});
