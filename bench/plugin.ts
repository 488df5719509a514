/**
 * `npm run bench:plugin`: how long the plugin (plugin/) takes to answer Pulumi, measured without the CLI.
 *
 * - The plugin's start, as Pulumi's Node.js language host starts it (`run-plugin` on plugin/, tools/plugin/launch.ts):
 *   from the spawn of `node` to the port printed (it serves), and to the schema answered over gRPC (the SDK's analyzer
 *   has run: what `pulumi package add` waits for, and the first construction of every `pulumi up`).
 * - The analyzer alone, in this process: on plugin/analyzer/tsconfig.json (what the plugin reads) and on the
 *   repository's tsconfig.json (tests, tools and every module resolved), after one warm-up of each.
 *
 * Prints medians; run it on an idle machine for figures to quote.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { IstioAcmeIngress } from "../components/istioAcmeIngress";
import { ANALYZER_DIR, PACKAGE_NAME } from "../plugin/provider";
import { launchPlugin } from "../tools/plugin/launch";
import { median } from "./measure";

const STARTS = 5;
const ANALYSES = 3;

async function pluginStart(): Promise<{ servingMs: number; schemaMs: number }> {
    const program = mkdtempSync(join(tmpdir(), "istio-acme-ingress-bench-plugin-"));
    const start = performance.now();
    try {
        const plugin = await launchPlugin({ cwd: program, env: { ISTIO_ACME_INGRESS_TS_CACHE: join(program, "ts-cache") } });
        try {
            await plugin.getSchema();
            return { servingMs: plugin.servingMs, schemaMs: performance.now() - start };
        } finally {
            plugin.stop();
        }
    } finally {
        rmSync(program, { recursive: true, force: true });
    }
}

async function analysis(dirname: string): Promise<number> {
    const start = performance.now();
    await new ComponentProvider({ components: [IstioAcmeIngress], name: PACKAGE_NAME, dirname }).getSchema();
    return performance.now() - start;
}

async function run(): Promise<void> {
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    process.stdout.write(`load average ${loadavg()[0].toFixed(1)}\n`);
    await pluginStart(); // warm-up: the loader's cache, the OS's file cache
    const starts = [];
    for (let i = 0; i < STARTS; i++) starts.push(await pluginStart());
    process.stdout.write(
        `plugin start (median of ${STARTS}): serving ${seconds(median(starts.map((s) => s.servingMs)))}, ` +
            `schema answered ${seconds(median(starts.map((s) => s.schemaMs)))}\n`,
    );
    for (const [label, dir] of [
        ["plugin/analyzer/tsconfig.json", ANALYZER_DIR],
        ["the repository's tsconfig.json", resolve(__dirname, "..")],
    ]) {
        await analysis(dir);
        const times = [];
        for (let i = 0; i < ANALYSES; i++) times.push(await analysis(dir));
        process.stdout.write(`analyzer on ${label} (median of ${ANALYSES}): ${seconds(median(times))}\n`);
    }
    process.stdout.write(`load average ${loadavg()[0].toFixed(1)}\n`);
}

run().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
