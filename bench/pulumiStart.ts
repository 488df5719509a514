/**
 * How long `pulumi preview` takes to start the stack program, measured without the Pulumi CLI: the SDK's own
 * language runner (`@pulumi/pulumi/cmd/run`, what the Pulumi Node.js language host starts) runs the program as the
 * language host would start it (working directory stacks/, PULUMI_CONFIG, --dry-run), against an engine and a
 * resource monitor served here over gRPC. Resources get the synth's placeholder answers (testing/placeholders.ts).
 *
 * Times, from the spawn of `node`: the SDK's first call (node and the SDK loaded), the Stack registered (the program
 * is about to be loaded), the program's first resource registered, and the process's exit.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { placeholderMocks } from "../tools/synth/engine";
import type { EngineConfig } from "../tools/synth/stackConfig";

const REPO = join(__dirname, "..");
const SDK = dirname(require.resolve("@pulumi/pulumi/package.json"));
const STACK_TYPE = "pulumi:pulumi:Stack";

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's gRPC and generated protocol modules, with no typings of their own */
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [SDK] })) as GrpcModule;
const resourceService = (require("@pulumi/pulumi/proto/resource_grpc_pb") as { ResourceMonitorService: ServiceDefinition })
    .ResourceMonitorService;
const engineService = (require("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineService: ServiceDefinition }).EngineService;
const resourceMessages = require("@pulumi/pulumi/proto/resource_pb") as {
    SupportsFeatureResponse: new () => { setHassupport(value: boolean): void };
};
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as {
    MockMonitor: new (mocks: pulumi.runtime.Mocks) => MockMonitorInstance;
};
/* eslint-enable @typescript-eslint/no-require-imports */

type Callback = (error: Error | null, response?: unknown) => void;
interface Call {
    request: Record<string, () => unknown>;
}
type Handler = (call: Call, callback: Callback) => void;
type ServiceDefinition = Record<string, { responseType: new () => unknown }>;
interface GrpcServer {
    addService(service: ServiceDefinition, handlers: Record<string, Handler>): void;
    bindAsync(address: string, credentials: unknown, done: (error: Error | null, port: number) => void): void;
    forceShutdown(): void;
}
interface GrpcModule {
    Server: new () => GrpcServer;
    ServerCredentials: { createInsecure(): unknown };
}
interface MockMonitorInstance {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(request: unknown, callback: Callback): Promise<void>;
    readResource(request: unknown, callback: Callback): Promise<void>;
    invoke(request: unknown, callback: Callback): Promise<void>;
    registerPackage(request: unknown, callback: Callback): void;
}

/** How Pulumi starts the program: the loader settings of Pulumi.yaml as it is now, or as it was. */
export interface StartVariant {
    name: string;
    /** Pulumi.yaml's `main`, relative to stacks/, as the language host passes it to the runner. */
    entryPoint: string;
    /** What `runtime.options.typescript: true` and PULUMI_NODEJS_TRANSPILE_ONLY put in the runner's environment. */
    env: Record<string, string>;
}

export const START_VARIANTS = {
    /** Pulumi.yaml now: `typescript: false`, `main: stacks/entry.js` (tools/loader/register.js, its cache warm). */
    loader: { name: "transpile-only loader, cached (the default)", entryPoint: "entry.js", env: {} },
    /** The reference: the program compiled by tsc (bench/tsconfig.json, as for the other measurements), no loader. */
    compiled: {
        name: "compiled JavaScript (reference, no loader)",
        entryPoint: join(REPO, ".cache", "bench-js", "stacks", "index.js"),
        env: {},
    },
    /** The same with an empty cache: a fresh clone, or CI. */
    loaderCold: { name: "transpile-only loader, empty cache", entryPoint: "entry.js", env: { ISTIO_ACME_INGRESS_TS_CACHE: "off" } },
    /** Before: `typescript: true` with PULUMI_NODEJS_TRANSPILE_ONLY=true (what the workflows set). */
    tsNodeTranspileOnly: {
        name: "ts-node, transpile-only (before, with PULUMI_NODEJS_TRANSPILE_ONLY)",
        entryPoint: "index.ts",
        env: { PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    },
    /** Before, by default: `typescript: true`, ts-node type-checking the program at every run. */
    tsNodeTypeCheck: {
        name: "ts-node with type-check (before, by default)",
        entryPoint: "index.ts",
        env: { PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_TRANSPILE_ONLY: "false" },
    },
} satisfies Record<string, StartVariant>;

export interface StartSample {
    /** Spawn to the SDK's first call: node, the loader's preload and the SDK loaded. */
    sdkReadyMs: number;
    /** Spawn to the Stack resource: the program is loaded next. */
    stackRegisteredMs: number;
    /** Spawn to the program's first resource: what `pulumi preview` waits before it shows anything. */
    firstResourceMs: number;
    /** Spawn to exit: the whole program run under the placeholder engine. */
    exitMs: number;
    resources: number;
}

/** Serves an engine and a resource monitor on loopback; `marks` records when the calls the timings need arrive. */
async function serve(
    project: string,
    stack: string,
): Promise<{ address: string; marks: Map<string, number>; registered(): number; errors: string[]; stop(): void }> {
    const marks = new Map<string, number>();
    const errors: string[] = [];
    const mark = (name: string) => {
        if (!marks.has(name)) marks.set(name, performance.now());
    };
    let registered = 0;
    const monitor = new MockMonitor(placeholderMocks);
    monitor.newUrn = (parent, type, name) => {
        const parentType = parent ? parent.split("::")[2].split("$").pop() : undefined;
        const qualified = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
        return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
    };
    const emptyAnswers = (service: ServiceDefinition): Record<string, Handler> =>
        Object.fromEntries(
            Object.entries(service).map(([method, { responseType }]) => [
                method,
                (_call: Call, done: Callback) => done(null, new responseType()),
            ]),
        );
    const server = new grpc.Server();
    server.addService(resourceService, {
        ...emptyAnswers(resourceService),
        supportsFeature: (call, done) => {
            mark("sdkReady");
            const answer = new resourceMessages.SupportsFeatureResponse();
            answer.setHassupport(call.request.getId() !== "outputValues");
            done(null, answer);
        },
        registerResource: (call, done) => {
            registered++;
            mark(call.request.getType() === STACK_TYPE ? "stackRegistered" : "firstResource");
            void monitor.registerResource(call.request, done);
        },
        readResource: (call, done) => void monitor.readResource(call.request, done),
        invoke: (call, done) => void monitor.invoke(call.request, done),
        registerPackage: (call, done) => monitor.registerPackage(call.request, done),
    });
    server.addService(engineService, {
        ...emptyAnswers(engineService),
        log: (call, done) => {
            mark("sdkReady");
            // LogSeverity: DEBUG 0, INFO 1, WARNING 2, ERROR 3.
            if (Number(call.request.getSeverity()) >= 3) errors.push(String(call.request.getMessage()));
            done(null, new engineService.log.responseType());
        },
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve(bound),
        ),
    );
    return {
        address: `127.0.0.1:${port}`,
        marks,
        registered: () => registered,
        errors,
        stop: () => server.forceShutdown(),
    };
}

/** One `pulumi preview` start of the `dev` stack's program, in a fresh `node` process. */
export async function measureStart(
    variant: StartVariant,
    stack: string,
    config: EngineConfig,
    project = "istio-acme-ingress",
): Promise<StartSample> {
    const engine = await serve(project, stack);
    try {
        const args = [
            join(SDK, "cmd", "run"),
            ...["--monitor", engine.address, "--engine", engine.address, "--project", project, "--stack", stack],
            ...["--pwd", join(REPO, "stacks"), "--dry-run", "--parallel", "16", variant.entryPoint],
        ];
        const start = performance.now();
        const child = spawn(process.execPath, args, {
            cwd: join(REPO, "stacks"),
            env: {
                ...process.env,
                ...variant.env,
                PULUMI_CONFIG: JSON.stringify(config.config),
                PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(config.secretKeys),
            },
            stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
        const exitMs = performance.now() - start;
        const at = (name: string): number => {
            const time = engine.marks.get(name);
            if (time === undefined)
                throw new Error(
                    `${variant.name}: the program never reached "${name}" (exit ${code}): ${engine.errors.join("; ")} ${stderr}`,
                );
            return time - start;
        };
        if (code !== 0) throw new Error(`${variant.name}: exit ${code}: ${engine.errors.join("; ")} ${stderr}`);
        return {
            sdkReadyMs: at("sdkReady"),
            stackRegisteredMs: at("stackRegistered"),
            firstResourceMs: at("firstResource"),
            exitMs,
            resources: engine.registered(),
        };
    } finally {
        engine.stop();
    }
}
