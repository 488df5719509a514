import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { launchPlugin, PLUGIN_DIR, RunningPlugin } from "../../tools/plugin/launch";
import { removeTempDir, tempDir } from "../support/tempDir";

const REPO = resolve(__dirname, "..", "..");
/** The plugin as Pulumi's Node.js language host starts it (tools/plugin/launch.ts). */
describe("the plugin (plugin/), started as Pulumi's Node.js language host starts it", function () {
    this.timeout(300_000);
    let work: string;
    let cache: string;
    let plugin: RunningPlugin | undefined;

    before(async function () {
        work = tempDir("istio-acme-ingress-plugin");
        cache = join(work, "ts-cache");
        const program = join(work, "program");
        mkdirSync(program);
        plugin = await launchPlugin({ cwd: program, env: { ISTIO_ACME_INGRESS_TS_CACHE: cache } });
    });

    after(function () {
        plugin?.stop();
        if (work) removeTempDir(work);
    });

    it("is a nodejs plugin whose dependencies Pulumi installs at this repository's root (an npm workspace)", function () {
        const manifest = parse(readFileSync(join(PLUGIN_DIR, "PulumiPlugin.yaml"), "utf8")) as { runtime: { name: string } };
        assert.equal(manifest.runtime.name, "nodejs");
        // pulumi/pulumi sdk/nodejs/npm/workspaces.go FindWorkspaceRoot: the plugin's package.json must match a
        // "workspaces" glob of a package.json above it, or `npm install` would run in plugin/ and install nothing.
        const root = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { workspaces?: string[] };
        assert.ok(root.workspaces?.includes("plugin"), 'package.json "workspaces" does not list plugin');
    });

    it("serves the committed schema.json", async function () {
        const schema = await plugin!.getSchema();
        assert.deepEqual(JSON.parse(schema), JSON.parse(readFileSync(join(REPO, "schema.json"), "utf8")));
    });

    it("runs its TypeScript through the project's transpile-only loader, not the runner's type-checking ts-node", function () {
        // run-plugin registers ts-node with a type-check for `.ts` (sdk/nodejs/cmd/run-plugin/run.ts); plugin/index.js
        // replaces it with tools/loader/register.js, whose cache is where every TypeScript file the plugin ran lands.
        assert.ok(existsSync(cache), "the loader's cache was never written: the plugin's TypeScript went through ts-node");
        assert.ok(readdirSync(cache).length > 10, "the loader compiled hardly anything: the plugin's TypeScript went through ts-node");
    });
});
