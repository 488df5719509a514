import { dirname } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ComponentProvider } from "@pulumi/pulumi/provider/experimental";

/*
 * What a Python, Go, .NET, Java or YAML program's `IstioAcmeIngress(...)` becomes by the time it reaches the plugin:
 * the program's SDK registers a remote component, the engine marshals its inputs into a protobuf Struct for the
 * provider's Construct call, and the provider's gRPC server turns that back into JavaScript
 * (@pulumi/pulumi provider/server.js, `construct`). The engine keeps output values for a provider that accepts
 * them, as this one does (configure answers acceptOutputs): a secret or a value of another resource arrives as an
 * output value, in place, and an unknown one as an output value without a value
 * (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go, MarshalPropertyValue; pkg/resource/deploy/source_eval.go,
 * RegisterResource: UpgradeToOutputValues).
 */

const SDK = dirname(require.resolve("@pulumi/pulumi/package.json"));
/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's internals and generated protocol modules, with no typings of their own */
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
    specialSigKey: string;
    specialOutputValueSig: string;
    serializeResourceProperties(
        label: string,
        props: Record<string, unknown>,
    ): Promise<[Record<string, unknown>, Map<string, Set<unknown>>]>;
};
const server = require("@pulumi/pulumi/provider/server") as {
    deserializeInputs(inputs: unknown, dependencies: unknown): Promise<pulumi.Inputs>;
};
const providerMessages = require("@pulumi/pulumi/proto/provider_pb") as {
    ConstructRequest: new () => ConstructRequest;
};
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [SDK] })) as {
    Struct: { fromJavaScript(value: Record<string, unknown>): { toJavaScript(): Record<string, unknown> } };
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface PropertyDependencies {
    setUrnsList(urns: string[]): void;
}
interface ConstructRequest {
    setInputs(inputs: unknown): void;
    getInputs(): unknown;
    getInputdependenciesMap(): { set(key: string, value: PropertyDependencies): void };
}
const PropertyDependenciesMessage = (
    providerMessages.ConstructRequest as unknown as { PropertyDependencies: new () => PropertyDependencies }
).PropertyDependencies;

/** An output value as the engine marshals it: a secret, a value of other resources, or unknown (no `value`). */
export function outputValue(options: { value?: unknown; secret?: boolean; dependencies?: string[] }): Record<string, unknown> {
    return {
        [rpc.specialSigKey]: rpc.specialOutputValueSig,
        ...(options.value !== undefined ? { value: options.value } : {}),
        ...(options.secret ? { secret: true } : {}),
        ...(options.dependencies?.length ? { dependencies: options.dependencies } : {}),
    };
}

/** The URNs the output values inside `value` depend on: what the engine sends as that input's dependencies. */
function dependenciesIn(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(dependenciesIn);
    if (value === null || typeof value !== "object") return [];
    const record = value as Record<string, unknown>;
    if (record[rpc.specialSigKey] === rpc.specialOutputValueSig) return (record.dependencies as string[] | undefined) ?? [];
    return Object.values(record).flatMap(dependenciesIn);
}

export interface ConstructOutcome {
    urn: string;
    /** The component's outputs as the provider's server sends them back to the engine. */
    state: Record<string, unknown>;
}

/** The outputs as the server serializes them (through the same Struct), for comparing with another construction. */
export async function serializedState(label: string, outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const [state] = await rpc.serializeResourceProperties(label, outputs);
    return Struct.fromJavaScript(state).toJavaScript();
}

/**
 * Constructs `type` through `provider` as its gRPC server does for the engine's Construct request: the inputs
 * through the wire (a protobuf Struct), deserialized with their dependencies, and the resource options the server
 * builds for a component whose parent is `parentUrn`.
 */
export async function constructAsTheEngineDoes(
    provider: ComponentProvider,
    type: string,
    name: string,
    engineInputs: Record<string, unknown>,
    parentUrn: string,
): Promise<ConstructOutcome> {
    const request = new providerMessages.ConstructRequest();
    request.setInputs(Struct.fromJavaScript(engineInputs));
    for (const [key, value] of Object.entries(engineInputs)) {
        const urns = [...new Set(dependenciesIn(value))];
        if (urns.length === 0) continue;
        const dependencies = new PropertyDependenciesMessage();
        dependencies.setUrnsList(urns);
        request.getInputdependenciesMap().set(key, dependencies);
    }
    const inputs = await server.deserializeInputs(request.getInputs(), request.getInputdependenciesMap());
    const options: pulumi.ComponentResourceOptions = {
        aliases: [],
        dependsOn: [],
        protect: false,
        providers: {},
        parent: new pulumi.DependencyResource(parentUrn),
        ignoreChanges: [],
        replaceOnChanges: [],
        retainOnDelete: false,
    };
    const result = await provider.construct(name, type, inputs, options);
    const urn = await new Promise<string>((resolve) => pulumi.output(result.urn).apply(resolve));
    return { urn, state: await serializedState(`construct(${type}, ${name})`, result.state) };
}
