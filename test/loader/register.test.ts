import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../../tools/synth/synth";
import { tempDir } from "../support/tempDir";

const LOADER = join(REPO_ROOT, "tools", "loader", "register.js");

/** Runs `code` in a plain `node` (no ts-node) with the loader preloaded, and returns its stdout. */
function nodeWithLoader(code: string, env: Record<string, string> = {}): string {
    const run = spawnSync(process.execPath, ["--require", LOADER, "-e", code], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, ...env },
    });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout;
}

describe("the TypeScript loader (tools/loader/register.js) and Pulumi.yaml", () => {
    it("Pulumi.yaml runs stacks/entry.js, without Pulumi's ts-node, and never falls back to package.json's exports", () => {
        const project = parse(readFileSync(join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as {
            main: string;
            runtime: { options: Record<string, unknown> };
        };
        assert.equal(project.runtime.options.typescript, false);
        // Pulumi's engine (pkg/engine/project.go, getPwdMain) runs a file `main` from its directory with the file
        // as the entry point; only a directory `main` gives the entry point ".", for which the SDK's runner
        // (sdk/nodejs/cmd/run/run.js) takes package.json's `exports` first: here the compiled library, bin/index.js.
        const main = join(REPO_ROOT, project.main);
        assert.ok(existsSync(main) && statSync(main).isFile(), `${project.main} is a file`);
        assert.equal(main, join(REPO_ROOT, "stacks", "entry.js"));
    });

    it("stacks/entry.js, under plain node, gives the stack program (TypeScript with `export =` and `import x = require`)", () => {
        const run = spawnSync(process.execPath, ["-e", 'process.stdout.write(typeof require("./stacks/entry.js"))'], {
            cwd: REPO_ROOT,
            encoding: "utf8",
        });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stdout, "function");
    });

    it("runs a file's current text, never a stale transpilation, and loads no TypeScript compiler for an unchanged file", () => {
        const cache = tempDir("loader-cache");
        const file = join(tempDir("loader-src"), "value.ts");
        const read = `const m = require(${JSON.stringify(file)}); process.stdout.write(JSON.stringify([m.value, Object.keys(require.cache).some((p) => p.includes("/node_modules/typescript/"))]))`;
        const env = { ISTIO_ACME_INGRESS_TS_CACHE: cache };

        writeFileSync(file, "export const value: number = 1;\n");
        assert.deepEqual(JSON.parse(nodeWithLoader(read, env)), [1, true], "first run: transpiled");
        assert.deepEqual(JSON.parse(nodeWithLoader(read, env)), [1, false], "second run: from the cache, no compiler loaded");
        assert.equal(readdirSync(cache).length, 1);

        writeFileSync(file, "export const value: number = 2;\n"); // same length: only the text tells them apart
        assert.deepEqual(JSON.parse(nodeWithLoader(read, env)), [2, true], "changed file: transpiled again");
        assert.deepEqual(JSON.parse(nodeWithLoader(read, { ISTIO_ACME_INGRESS_TS_CACHE: "off" })), [2, true], "cache off");
    });
});
