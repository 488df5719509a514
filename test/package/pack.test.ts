import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
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
        for (const needed of ["package.json", "README.md", "bin/index.js", "bin/index.d.ts", "bin/components/istioAcmeIngress.d.ts"]) {
            assert.ok(paths.includes(needed), `${needed} is missing from the tarball`);
        }
        const unwanted = paths.filter(
            (path) => /^(bin\/)?(test|tools|stacks|synth|bench)\//.test(path) || (path.endsWith(".ts") && !path.endsWith(".d.ts")),
        );
        assert.deepEqual(unwanted, []);
    });

    it("installs into a fresh consumer that type-checks and constructs IstioAcmeIngress under mocks", function () {
        const consumer = join(work, "consumer");
        mkdirSync(consumer);
        writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
        writeFileSync(
            join(consumer, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, outDir: "out" },
                files: ["index.ts"],
            }),
        );
        copyFileSync(join(__dirname, "consumer.ts.txt"), join(consumer, "index.ts"));

        // At the versions this repository develops against, so the npm cache has them.
        const dependencies = consumerDependencies().map((name) => `${name}@${installedVersion(name)}`);
        run("npm", ["install", ...NPM_FLAGS, join(work, packed.filename), ...dependencies], consumer);

        const declarations = packed.files.map((file) => file.path).filter((path) => path.endsWith(".d.ts"));
        for (const path of declarations) {
            const text = readFileSync(join(consumer, "node_modules", "istio-acme-ingress", path), "utf8");
            assert.doesNotMatch(text, /[:<,(|]\s*any\b|\bany\[\]/, `${path} has \`any\` in the public API`);
        }

        // Without skipLibCheck: the shipped declarations themselves must type-check too.
        run(join(consumer, "node_modules", ".bin", "tsc"), ["-p", "."], consumer);
        const printed = JSON.parse(run("node", ["out/index.js"], consumer)) as unknown;
        assert.deepEqual(printed, {
            issuer: "letsencrypt-staging",
            namespace: "istio-ingress",
            hosts: ["www.example.com"],
            records: ["www.example.com A example.com"],
        });
    });
});
