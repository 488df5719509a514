/**
 * `npm run bench`: synth cost at 10 to 5,000 hosts against a bare baseline, and the critical path of a
 * cold `pulumi up`. Writes bench/results.json; exits non-zero when a target fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { readEngineConfig } from "../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../tools/synth/synth";
import { benchStackYaml } from "./configGen";
import { criticalPath } from "./criticalPath";
import { compileForBench, median, runChild, summarize } from "./measure";
import { checkTargets, SizeResult } from "./targets";
import { needlessWaits } from "./waitRules";
import { deploymentGraph } from "./weights";
import type { RunSample } from "./child";

const SIZES = [10, 100, 1000, 5000];
/** Measured runs per size after one warm-up; fewer at 5,000 hosts to keep the bench under 10 minutes on 2 cores. */
const runsFor = (hosts: number): number => (hosts >= 5000 ? 3 : 5);

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

function measureSize(hosts: number, dir: string): SizeResult {
    const yamlPath = join(dir, `Pulumi.bench-${hosts}.yaml`);
    const configPath = join(dir, `bench-${hosts}.config.json`);
    const recordPath = join(dir, `bench-${hosts}.resources.json`);
    writeFileSync(yamlPath, benchStackYaml(hosts));
    const configLoadMs = loadConfig(yamlPath, configPath);
    runChild(["ours", configPath, "--record", recordPath]); // warm-up; records the resources the baseline replays
    const ours = (): RunSample => runChild(["ours", configPath, "--preload", `${recordPath}.modules`]);
    const baseline = (): RunSample => runChild(["baseline", recordPath]);
    baseline(); // warm-up
    const samples: Record<"ours" | "baseline", RunSample[]> = { ours: [], baseline: [] };
    for (let i = 0; i < runsFor(hosts); i++) {
        samples.ours.push(ours());
        samples.baseline.push(baseline());
    }
    const [o, b] = [summarize(samples.ours), summarize(samples.baseline)];
    if (o.resources !== b.resources) throw new Error(`resource counts differ: ours ${o.resources}, baseline ${b.resources}`);
    const result: SizeResult = { hosts, ours: o, baseline: b, ratio: o.medianMs / b.medianMs, configLoadMs };
    process.stdout.write(
        `${String(hosts).padStart(5)} hosts  ${String(o.resources).padStart(5)} resources  ratio ${result.ratio.toFixed(2)}  ` +
            `ours ${o.medianMs.toFixed(0)} ms (${o.msPerResource.toFixed(2)} ms/res, peak ${mib(o.peakRssBytes)})  ` +
            `baseline ${b.medianMs.toFixed(0)} ms (${b.msPerResource.toFixed(2)} ms/res, peak ${mib(b.peakRssBytes)})  ` +
            `config file ${configLoadMs.toFixed(0)} ms\n`,
    );
    return result;
}

function machine(): Record<string, string | number> {
    const model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "unknown";
    return { cpu: model, cores: cpus().length, memory: mib(totalmem()), freeMemoryAtStart: mib(freemem()), node: process.version };
}

async function main(): Promise<void> {
    const host = machine();
    process.stdout.write(`Machine: ${host.cpu}, ${host.cores} cores, ${host.memory}, Node ${host.node}\n`);
    process.stdout.write(
        "Synth: the stack program under the mock engine, from engine config to every resource collected; median of runs after a warm-up,\n" +
            "each in a fresh node process running the compiled JavaScript. Baseline: a bare program registering the same resources as plain ones (same inputs, parents, dependencies).\n" +
            "Reading the Pulumi.<stack>.yaml (the CLI's job) is shown apart as 'config file'.\n",
    );
    compileForBench();
    const dir = mkdtempSync(join(tmpdir(), "istio-acme-ingress-bench-"));
    let sizes: SizeResult[];
    try {
        sizes = SIZES.map((hosts) => measureSize(hosts, dir));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    const big = sizes.find((s) => s.hosts === 5000);
    const mid = sizes.find((s) => s.hosts === 1000);
    if (big && mid) process.stdout.write(`Scaling: 5,000 hosts cost ${(big.ours.medianMs / mid.ours.medianMs).toFixed(2)}x 1,000 hosts\n`);

    const project = readProjectFile();
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

    const checks = checkTargets(sizes, waits);
    process.stdout.write("\nTargets:\n");
    for (const check of checks)
        process.stdout.write(`  ${check.informational ? "INFO" : check.ok ? "PASS" : "FAIL"}  ${check.name}: ${check.detail}\n`);

    const results = {
        date: new Date().toISOString(),
        machine: host,
        method: "median wall time of the stack program under the mock engine (from engine config to every resource collected), each run a fresh node process on the compiled JavaScript, one warm-up first, ours and the replay baseline interleaved; peak memory is the highest maxRSS of those runs",
        sizes,
        criticalPath: { stack: "dev", totalSeconds: path.total, sequentialSeconds: path.sequentialTotal, steps, needlessWaits: waits },
        targets: checks,
    };
    writeFileSync(join(__dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
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
