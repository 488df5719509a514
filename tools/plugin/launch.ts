import { ChildProcess, spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";

/** The plugin's directory: what Pulumi's Node.js language host hands `run-plugin`. */
export const PLUGIN_DIR = resolve(__dirname, "..", "..", "plugin");
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

export interface RunningPlugin {
    /** Milliseconds from the spawn of `node` to the port printed: the plugin serves. */
    servingMs: number;
    /** The package schema, over gRPC. */
    getSchema(): Promise<string>;
    stop(): void;
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
 * Starts the plugin as Pulumi starts it: the Node.js language host's RunPlugin runs the SDK's
 * `@pulumi/pulumi/cmd/run-plugin` with the plugin's directory and the engine's address, in the program's working
 * directory (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, RunPlugin); the plugin prints its port
 * and serves the ResourceProvider gRPC service. No engine listens at the address given: nothing here needs one.
 */
export async function launchPlugin(options: { cwd: string; env?: Record<string, string> }): Promise<RunningPlugin> {
    const start = performance.now();
    const child = spawn(process.execPath, [join(SDK, "cmd", "run-plugin"), PLUGIN_DIR, "127.0.0.1:1"], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let port: number;
    try {
        port = await portOf(child);
    } catch (error) {
        child.kill();
        throw error;
    }
    const servingMs = performance.now() - start;
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
        servingMs,
        getSchema: () =>
            new Promise<string>((resolveSchema, reject) =>
                client.getSchema(new GetSchemaRequest(), (error, response) =>
                    error ? reject(error) : resolveSchema(response!.getSchema()),
                ),
            ),
        stop: () => {
            client.close();
            child.kill();
        },
    };
}
