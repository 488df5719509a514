import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { removeTempDir, tempDir } from "../support/tempDir";

const ROOT = resolve(__dirname, "..", "..");
/** What the consumer installs besides the tarball: every peer dependency, and a compiler. */
function consumerDependencies(): string[] {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { peerDependencies?: Record<string, string> };
    return [...Object.keys(manifest.peerDependencies ?? {}), "typescript", "@types/node"];
}
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"];

/** Runs a command; on failure the error carries what it printed, since tsc reports on stdout. */
function run(command: string, args: string[], cwd: string): string {
    try {
        return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`);
    }
}

function installedVersion(name: string): string {
    const manifest = JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string };
    return manifest.version;
}

interface PackResult {
    filename: string;
    files: Array<{ path: string }>;
}

describe("npm package", function () {
    this.timeout(300_000);
    let work: string;
    let packed: PackResult;

    before(function () {
        work = tempDir("istio-acme-ingress-pack");
        // `npm pack` runs `prepack`, which builds bin/ from the sources.
        const output = run("npm", ["pack", "--json", "--pack-destination", work, "--loglevel=error"], ROOT);
        packed = (JSON.parse(output.slice(output.indexOf("["))) as PackResult[])[0];
    });

    after(function () {
        if (work) removeTempDir(work);
    });

    it("ships the compiled library with its declarations and nothing else", function () {
        const paths = packed.files.map((file) => file.path);
        for (const needed of [
            "package.json",
            "README.md",
            "bin/index.js",
            "bin/index.d.ts",
            "bin/components/istioAcmeIngress.d.ts",
            "bin/testing/index.js",
            "bin/testing/index.d.ts",
        ]) {
            assert.ok(paths.includes(needed), `${needed} is missing from the tarball`);
        }
        const unwanted = paths.filter(
            (path) => /^(bin\/)?(test|tools|stacks|synth|bench)\//.test(path) || (path.endsWith(".ts") && !path.endsWith(".d.ts")),
        );
        assert.deepEqual(unwanted, []);
    });

    describe("in a fresh consumer program", function () {
        let consumer: string;

        before(function () {
            consumer = join(work, "consumer");
            mkdirSync(consumer);
            writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
            const files = ["index.ts", "ingressMocks.test.ts", "echoMocks.test.ts", "docsExample.test.ts"];
            writeFileSync(
                join(consumer, "tsconfig.json"),
                JSON.stringify({
                    compilerOptions: {
                        target: "ES2022",
                        module: "commonjs",
                        strict: true,
                        esModuleInterop: true,
                        outDir: "out",
                        types: ["node", "mocha"],
                    },
                    files,
                }),
            );
            for (const file of files.filter((name) => name !== "docsExample.test.ts")) {
                copyFileSync(join(__dirname, "consumer", `${file}.txt`), join(consumer, file));
            }
            writeFileSync(join(consumer, "docsExample.test.ts"), testingExample(readFileSync(join(ROOT, "docs", "library.md"), "utf8")));
            // At the versions this repository develops against, so the npm cache has them.
            const dependencies = [...consumerDependencies(), "mocha", "@types/mocha"].map((name) => `${name}@${installedVersion(name)}`);
            run("npm", ["install", ...NPM_FLAGS, join(work, packed.filename), ...dependencies], consumer);
        });

        it("type-checks against the shipped declarations, which have no `any` but ChartValues, and constructs IstioAcmeIngress", function () {
            // The one `any` allowed (TEAM.md): free-form chart values, which the analyzer can only express as pulumi.json#/Any.
            const chartValuesAlias = "export type ChartValues = Record<string, any>;";
            const declarations = packed.files.map((file) => file.path).filter((path) => path.endsWith(".d.ts"));
            for (const path of declarations) {
                const text = readFileSync(join(consumer, "node_modules", "istio-acme-ingress", path), "utf8");
                if (path === "bin/components/args.d.ts")
                    assert.ok(text.includes(chartValuesAlias), "args.d.ts lacks the ChartValues alias");
                assert.doesNotMatch(
                    text.replace(chartValuesAlias, ""),
                    /[:<,(|]\s*any\b|\bany\[\]/,
                    `${path} has \`any\` in the public API`,
                );
            }

            // Without skipLibCheck: the shipped declarations themselves must type-check too.
            run(join(consumer, "node_modules", ".bin", "tsc"), ["-p", "."], consumer);
            const printed = JSON.parse(run("node", ["out/index.js"], consumer)) as unknown;
            assert.deepEqual(printed, {
                issuer: "letsencrypt-staging",
                namespace: "istio-ingress",
                iamName: "cert-manager-dns01-consumer-test",
                hosts: ["www.example.com"],
                records: ["www.example.com A example.com"],
            });
        });

        it("runs the consumer's mocha tests under ingressMocks(): every output of IstioAcmeIngress resolves", function () {
            const outputsFile = join(work, "outputs.json");
            runMocha(consumer, "out/ingressMocks.test.js", { OUTPUTS_FILE: outputsFile });
            const resolved = JSON.parse(readFileSync(outputsFile, "utf8")) as Record<string, Record<string, unknown>>;
            const declared = componentOutputs(
                readFileSync(join(consumer, "node_modules", "istio-acme-ingress", "bin", "components", "istioAcmeIngress.d.ts"), "utf8"),
            );
            assert.equal(Object.keys(resolved).length, 2);
            for (const [title, outputs] of Object.entries(resolved)) {
                assert.deepEqual(Object.keys(outputs).sort(), declared, `${title}: the test reads every output the component declares`);
                // Only the other credentials mode's outputs are absent (the member itself is undefined there).
                const absent = Object.keys(outputs).filter(
                    (name) => outputs[name] === undefined || outputs[name] === null || outputs[name] === "",
                );
                assert.ok(
                    absent.every((name) => ["iamUserArn", "accessKeyId", "roleArn"].includes(name)) &&
                        absent.length >= 1 &&
                        absent.length <= 2,
                    `${title}: ${absent.join(", ")} did not resolve`,
                );
            }
        });

        it("runs the mocha example of docs/library.md as it is written", function () {
            runMocha(consumer, "out/docsExample.test.js", {});
        });

        it("fails a consumer's test under echo mocks at once, saying what is missing and pointing at ingressMocks", function () {
            // The test's own timeout is 120 s: a failure by timeout would say "Timeout of 120000ms exceeded".
            const { status, output } = runMocha(consumer, "out/echoMocks.test.js", {}, false);
            assert.equal(status, 1, output);
            assert.match(output, /Uncaught MissingValueError: .* cannot be computed: .* returned no /);
            assert.match(output, /ingressMocks\(\) from "istio-acme-ingress\/testing"/);
            assert.doesNotMatch(output, /Timeout of \d+ms exceeded/);
        });
    });
});

/**
 * Runs mocha in the consumer; a hang would end at the timeout here (a `SIGTERM`) rather than hold the suite.
 * With `expectSuccess`, a failing run throws with what it printed.
 */
function runMocha(cwd: string, spec: string, env: Record<string, string>, expectSuccess = true): { status: number | null; output: string } {
    const result = spawnSync(join(cwd, "node_modules", ".bin", "mocha"), ["--reporter", "spec", spec], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, ...env },
        timeout: 240_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    if (expectSuccess && result.status !== 0)
        throw new Error(`mocha ${spec} failed (${String(result.status ?? result.signal)}):\n${output}`);
    return { status: result.status, output };
}

/** The first TypeScript example under "Testing with `ingressMocks`" in docs/library.md. */
function testingExample(docs: string): string {
    const example = /^## Testing with `ingressMocks`$[\s\S]*?^```ts\n([\s\S]*?)^```$/m.exec(docs)?.[1];
    if (example === undefined) throw new Error('docs/library.md has no TypeScript example under "Testing with `ingressMocks`"');
    return example;
}

/** The public properties of the IstioAcmeIngress class in its declarations, but `parts` (TypeScript only, not an output). */
function componentOutputs(declarations: string): string[] {
    const body = declarations.slice(declarations.indexOf("export declare class IstioAcmeIngress"));
    const members = [...body.matchAll(/^ {4}readonly (\w+):/gm)].map((match) => match[1]);
    return members.filter((name) => name !== "parts").sort();
}
