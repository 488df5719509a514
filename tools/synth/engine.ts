import * as pulumi from "@pulumi/pulumi";
import { ingressMocks } from "../../testing/placeholders";

// The mock monitor is public in the SDK's JavaScript but not in its typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: MockMonitorClass };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

type Callback = (err: Error | null, response?: unknown) => void;
interface StructLike {
    toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): StructLike | undefined;
    getDependenciesList(): string[];
}
interface ReadRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getId(): string;
    getProperties(): StructLike | undefined;
    getDependenciesList(): string[];
}
interface OutputsRequest {
    getUrn(): string;
    getOutputs(): StructLike | undefined;
}
interface MockMonitorInstance {
    registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
    readResource(req: ReadRequest, callback: Callback): Promise<void>;
    registerResourceOutputs(req: OutputsRequest, callback: Callback): void;
}
type MockMonitorClass = new (mocks: pulumi.runtime.Mocks) => MockMonitorInstance;

/** One registered resource, with field names as in `pulumi stack export`. */
export interface SynthResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** Present on resources read from the cluster rather than managed (`.get`). */
    external?: true;
    /** The ID a read resource was looked up by. */
    id?: string;
    parent: string;
    dependencies: string[];
    inputs: Record<string, unknown>;
}

export interface SynthResult {
    project: string;
    stack: string;
    resources: SynthResource[];
    /** The stack outputs, secrets redacted. */
    outputs: Record<string, unknown>;
}

export const SECRET = "[secret]";
export const UNKNOWN = "[unknown]";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Turns the wire form of inputs into plain data: secrets become `[secret]`, resource references their URN. */
export function redact(value: unknown): unknown {
    if (value === UNKNOWN_VALUE) return UNKNOWN;
    if (Array.isArray(value)) return value.map(redact);
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG) return SECRET;
        if (record[SIG_KEY] === RESOURCE_SIG) return record.urn;
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, redact(v)]));
    }
    return value;
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** What synth's mock engine answers: the same mocks a library user's tests take from `istio-acme-ingress/testing`. */
export const placeholderMocks = ingressMocks();

/**
 * The SDK's mock monitor, recording each register request as the engine would receive it.
 * URNs are formed as the engine forms them: children of the stack are not qualified by its type.
 */
class RecordingMonitor extends MockMonitor {
    readonly records: SynthResource[] = [];
    stackOutputs: Record<string, unknown> = {};

    newUrn(parent: string, type: string, name: string): string {
        let qualified = type;
        if (parent) {
            const parentType = parent.split("::")[2].split("$").pop();
            if (parentType !== STACK_TYPE) qualified = `${parentType}$${type}`;
        }
        return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
    }

    async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
        this.records.push({
            urn: this.newUrn(req.getParent(), req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent(),
            dependencies: [...new Set(req.getDependenciesList())],
            inputs: redact(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        });
        return super.registerResource(req, callback);
    }

    async readResource(req: ReadRequest, callback: Callback): Promise<void> {
        this.records.push({
            urn: this.newUrn(req.getParent(), req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            custom: true,
            external: true,
            id: req.getId(),
            parent: req.getParent(),
            dependencies: [...new Set(req.getDependenciesList())],
            inputs: redact(req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
        });
        return super.readResource(req, callback);
    }

    registerResourceOutputs(req: OutputsRequest, callback: Callback): void {
        if (req.getUrn().split("::")[2] === STACK_TYPE) {
            this.stackOutputs = redact(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        }
        super.registerResourceOutputs(req, callback);
    }
}

export interface SynthOptions {
    project: string;
    stack: string;
    /** Config as the engine passes it: `namespace:key` to string (objects as JSON). */
    config: Record<string, string>;
    /** Keys of `config` whose values are secret. */
    secretKeys: string[];
    /** The stack program: what `pulumi up` would call. */
    program: () => Promise<unknown>;
    /** Runs with the config in place before anything is registered; throw to stop (bad config). */
    preflight?: () => void;
    /**
     * A preview of the first `pulumi up`: every resource is still to be created, so, as the engine previews a
     * create, each one's outputs are only its inputs and its ID and other outputs are unknown. Lookups and reads
     * answer as usual. Default: an update, where every output has its placeholder value.
     */
    preview?: boolean;
    /** Mocks to answer with instead of the placeholders (an update only): a test's AWS or cluster that differs. */
    mocks?: pulumi.runtime.Mocks;
}

let lastRunRecords: readonly SynthResource[] = [];

/** What the latest {@link synthesize} registered, also when it threw: bad input must register nothing. */
export function recordsOfLastRun(): readonly SynthResource[] {
    return lastRunRecords;
}

/** Forgets the latest run, so that a run that never reaches {@link synthesize} shows no records. */
export function forgetLastRun(): void {
    lastRunRecords = [];
}

/** The SDK's own stack captures: promise-leak diagnostics and source positions, which the mock monitor ignores. */
function isSdkBookkeeping(frames: readonly NodeJS.CallSite[]): boolean {
    const top = frames[0];
    const name = top?.getFunctionName();
    return (name === "debuggablePromise" || name === "callsites") && (top.getFileName() ?? "").includes("@pulumi/pulumi");
}

/** V8's own format, for when no other hook (such as ts-node's source maps) is installed. */
function v8Format(error: Error, frames: NodeJS.CallSite[]): string {
    // V8's CallSite has its own toString (its typings do not say so), the very text of a stack line.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return `${String(error)}${frames.map((frame) => `\n    at ${String(frame)}`).join("")}`;
}

/**
 * Leaves the SDK's bookkeeping stacks empty: it keeps one string on every promise and formats one
 * per resource (through ts-node's source maps, where installed), several per resource in all, and
 * the mock monitor reads none of them. At scale that was most of the synth's time and memory.
 * Every other stack, such as an error the program throws, is formatted as before.
 */
function withCheapBookkeepingStacks<T>(run: () => Promise<T>): Promise<T> {
    // V8 calls this hook with Error as `this`; it is restored unchanged below.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const formatter = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, frames): unknown =>
        isSdkBookkeeping(frames) ? "" : formatter ? (formatter(error, frames) as unknown) : v8Format(error, frames);
    return run().finally(() => {
        Error.prepareStackTrace = formatter;
    });
}

/**
 * Runs a stack program under the Pulumi SDK's mock engine and returns every resource it registers,
 * in registration order. No CLI, cluster or cloud is involved; lookups get placeholders.
 */
export function synthesize(options: SynthOptions): Promise<SynthResult> {
    return withCheapBookkeepingStacks(() => synthesizeUnderMocks(options));
}

/**
 * The placeholders as a preview of creates sees them: a new resource's state is its inputs, nothing more, and a
 * read by an ID that is not known yet (a resource still to be created) answers nothing. The placeholders still see
 * every new resource, as they keep what later reads answer (a release's Service annotations).
 */
const previewMocks: pulumi.runtime.Mocks = {
    newResource: async (args) => {
        if (args.id === UNKNOWN_VALUE) return { id: undefined, state: {} };
        const answer = await placeholderMocks.newResource(args);
        return args.id ? answer : { id: undefined, state: args.inputs as Record<string, unknown> };
    },
    call: (args) => placeholderMocks.call(args),
};

async function synthesizeUnderMocks(options: SynthOptions): Promise<SynthResult> {
    const preview = options.preview ?? false;
    const mocks = preview ? previewMocks : (options.mocks ?? placeholderMocks);
    const monitor = new RecordingMonitor(mocks);
    lastRunRecords = monitor.records;
    await pulumi.runtime.setMocks(mocks, options.project, options.stack, preview);
    pulumi.runtime.setMockOptions(monitor, options.project, options.stack, preview);
    pulumi.runtime.setAllConfig(options.config, options.secretKeys);
    options.preflight?.();
    await pulumi.runtime.runInPulumiStack(options.program);
    await settings.waitForRPCs();
    return { project: options.project, stack: options.stack, resources: monitor.records, outputs: monitor.stackOutputs };
}
