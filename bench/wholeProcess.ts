/**
 * `npm run synth` at 1,000 hosts as a user runs it, a whole process (npm, node, the loader, reading the stack file,
 * the program, writing synth/), next to a bare compiled program that registers the very same resources under the
 * same mock engine through the SDK classes a plain program uses (bench/child.ts `baseline`, also a whole process), and
 * the plain replay (`plain`) as a diagnostic. Interleaved, so all see the same load.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { median } from "./measure";

const REPO = join(__dirname, "..");
const CHILD = join(REPO, ".cache", "bench-js", "bench", "child.js");

/** CPU seconds of the children this process has waited for (Linux: /proc/self/stat cutime + cstime). */
function childrenCpuMs(): number {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    // After "pid (comm) ", field 3 is the state; cutime and cstime are fields 16 and 17 of the whole line.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; cpuMs: number } {
    const cpuBefore = childrenCpuMs();
    const start = performance.now();
    const run = spawnSync(command, args, { cwd: REPO, env, encoding: "utf8", maxBuffer: 1 << 24 });
    const ms = performance.now() - start;
    if (run.status !== 0) throw new Error(`${command} ${args.join(" ")}: exit ${run.status}\n${run.stderr}`);
    return { ms, cpuMs: childrenCpuMs() - cpuBefore };
}

/** Where a whole `npm run synth` goes, in milliseconds (medians), from the phases synth records (tools/synth/phases.ts). */
export interface SynthBreakdown {
    "npm, sh and node start": number;
    "loader and modules": number;
    "config read": number;
    "program under the mock engine": number;
    "files rendered and written": number;
    "summary and exit": number;
}

export interface WholeProcessResult {
    hosts: number;
    runs: number;
    /** Median wall time of `npm run synth`. */
    synthMs: number;
    /** Median wall time of the bare program. */
    bareMs: number;
    /** Median, over the interleaved rounds, of synth over bare: the target. */
    ratio: number;
    /** The same for CPU time (user + system, all processes): less sensitive to the machine's load. */
    cpuRatio: number;
    /** Median wall time of the plain replay (plain CustomResources), a diagnostic. */
    plainBareMs: number;
    /** Median of synth over the plain replay, and the same for CPU time: diagnostics, not targets. */
    plainRatio: number;
    plainCpuRatio: number;
    roundsMs: Array<{ synth: number; bare: number; plain: number }>;
    breakdownMs: SynthBreakdown;
}

export function measureWholeProcess(hosts: number, yamlPath: string, recordPath: string, outDir: string, runs: number): WholeProcessResult {
    const phasesFile = join(outDir, "phases.json");
    const synth = () =>
        timed("npm", ["run", "--silent", "synth", "--", "--config", yamlPath, "--out", join(outDir, "synth")], {
            ...process.env,
            SYNTH_PHASES_FILE: phasesFile,
        });
    const bare = () => timed(process.execPath, [CHILD, "baseline", recordPath]);
    const plain = () => timed(process.execPath, [CHILD, "plain", recordPath]);
    synth(); // warm-up, also of the loader's cache
    bare();
    plain();
    type Timed = { ms: number; cpuMs: number };
    const rounds: Array<{ synth: Timed; bare: Timed; plain: Timed; phases: Record<string, number> }> = [];
    for (let i = 0; i < runs; i++) {
        const s = synth();
        const phases = JSON.parse(readFileSync(phasesFile, "utf8")) as Record<string, number>;
        rounds.push({ synth: s, bare: bare(), plain: plain(), phases });
    }
    const medianOf = (value: (round: (typeof rounds)[number]) => number) => median(rounds.map(value));
    const phase = (round: (typeof rounds)[number], name: string) => round.phases[name];
    return {
        hosts,
        runs,
        synthMs: medianOf((r) => r.synth.ms),
        bareMs: medianOf((r) => r.bare.ms),
        ratio: medianOf((r) => r.synth.ms / r.bare.ms),
        cpuRatio: medianOf((r) => r.synth.cpuMs / r.bare.cpuMs),
        plainBareMs: medianOf((r) => r.plain.ms),
        plainRatio: medianOf((r) => r.synth.ms / r.plain.ms),
        plainCpuRatio: medianOf((r) => r.synth.cpuMs / r.plain.cpuMs),
        roundsMs: rounds.map((r) => ({ synth: Math.round(r.synth.ms), bare: Math.round(r.bare.ms), plain: Math.round(r.plain.ms) })),
        breakdownMs: {
            "npm, sh and node start": medianOf((r) => r.synth.ms - phase(r, "exit")),
            "loader and modules": medianOf((r) => phase(r, "modules loaded")),
            "config read": medianOf((r) => phase(r, "config read") - phase(r, "modules loaded")),
            "program under the mock engine": medianOf((r) => phase(r, "program run") - phase(r, "config read")),
            "files rendered and written": medianOf((r) => phase(r, "files written") - phase(r, "program run")),
            "summary and exit": medianOf((r) => phase(r, "exit") - phase(r, "files written")),
        },
    };
}
