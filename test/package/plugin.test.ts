import { strict as assert } from "node:assert";
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { removeTempDir, tempDir } from "../support/tempDir";

const REPO = resolve(__dirname, "..", "..");
const PLUGIN = join(REPO, "plugin");
const SDK = dirname(require.resolve("@pulumi/pulumi/package.json"));

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's gRPC and generated protocol modules, with no typings of their own */
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [SDK] })) as {
    credentials: { createInsecure(): unknown };
};
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
    ResourceProviderClient: new (address: string, credentials: unknown) => ProviderClient;
};
const { GetSchemaRequest } = require("@pulumi/pulumi/proto/provider_pb") as { GetSchemaRequest: new () => unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

interface ProviderClient {
    getSchema(request: unknown, done: (error: Error | null, response?: { getSchema(): string }) => void): void;
    close(): void;
}

/** Resolves with the first line the process prints: the port the plugin serves on. */
function portOf(child: ChildProcess): Promise<number> {
    return new Promise((resolvePort, reject) => {
        let stdout = "";
        let stderr = "";
        child.stdout?.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const line = /^(\d+)\s*\n/.exec(stdout);
            if (line) resolvePort(Number(line[1]));
        });
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before serving:\n${stdout}${stderr}`)));
    });
}

/**
 * The plugin as Pulumi starts it: the Node.js language host's RunPlugin runs the SDK's
 * `@pulumi/pulumi/cmd/run-plugin` with the plugin's directory and the engine's address, in the
 * program's working directory (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go,
 * RunPlugin); the plugin prints its port and serves the ResourceProvider gRPC service.
 */
describe("the plugin (plugin/), started as Pulumi's Node.js language host starts it", function () {
    this.timeout(300_000);
    let work: string;
    let cache: string;
    let child: ChildProcess | undefined;
    let client: ProviderClient | undefined;

    before(async function () {
        work = tempDir("istio-acme-ingress-plugin");
        cache = join(work, "ts-cache");
        const program = join(work, "program");
        mkdirSync(program);
        child = spawn(process.execPath, [join(SDK, "cmd", "run-plugin"), PLUGIN, "127.0.0.1:1"], {
            cwd: program,
            env: { ...process.env, ISTIO_ACME_INGRESS_TS_CACHE: cache },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const port = await portOf(child);
        client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(function () {
        client?.close();
        child?.kill();
        if (work) removeTempDir(work);
    });

    it("is a nodejs plugin whose dependencies Pulumi installs at this repository's root (an npm workspace)", function () {
        const manifest = parse(readFileSync(join(PLUGIN, "PulumiPlugin.yaml"), "utf8")) as { runtime: { name: string } };
        assert.equal(manifest.runtime.name, "nodejs");
        // pulumi/pulumi sdk/nodejs/npm/workspaces.go FindWorkspaceRoot: the plugin's package.json must match a
        // "workspaces" glob of a package.json above it, or `npm install` would run in plugin/ and install nothing.
        const root = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { workspaces?: string[] };
        assert.ok(root.workspaces?.includes("plugin"), 'package.json "workspaces" does not list plugin');
    });

    it("serves the committed schema.json", async function () {
        const schema = await new Promise<string>((resolveSchema, reject) =>
            client!.getSchema(new GetSchemaRequest(), (error, response) => (error ? reject(error) : resolveSchema(response!.getSchema()))),
        );
        assert.deepEqual(JSON.parse(schema), JSON.parse(readFileSync(join(REPO, "schema.json"), "utf8")));
    });

    it("runs its TypeScript through the project's transpile-only loader, not the runner's type-checking ts-node", function () {
        // run-plugin registers ts-node with a type-check for `.ts` (sdk/nodejs/cmd/run-plugin/run.ts); plugin/index.js
        // replaces it with tools/loader/register.js, whose cache is where every TypeScript file the plugin ran lands.
        assert.ok(existsSync(cache), "the loader's cache was never written: the plugin's TypeScript went through ts-node");
        assert.ok(readdirSync(cache).length > 10, "the loader compiled hardly anything: the plugin's TypeScript went through ts-node");
    });
});
