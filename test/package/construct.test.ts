import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { IstioAcmeIngress } from "../../components/istioAcmeIngress";
import { COMPONENT_TYPE, IstioAcmeIngressProvider, providerOptions } from "../../plugin/provider";
import { SECRET, synthesize, SynthResource, SynthResult, UNKNOWN } from "../../tools/synth/engine";
import { existingStacks, readProjectFile } from "../../tools/synth/synth";
import { EngineConfig, readEngineConfig } from "../../tools/synth/stackConfig";
import { constructAsTheEngineDoes, outputValue, serializedState } from "./engineInputs";

/** The component's outputs as the committed schema lists them: what the provider sends back. */
const SCHEMA_OUTPUTS = Object.keys(
    (JSON.parse(readFileSync(join(__dirname, "..", "..", "schema.json"), "utf8")) as { resources: Record<string, { properties: object }> })
        .resources[COMPONENT_TYPE].properties,
);

const PROJECT = "istio-acme-ingress";
const project = readProjectFile();

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's own stack resource, not in its typings */
const runtimeState = require("@pulumi/pulumi/runtime/state") as { getStackResource(): pulumi.Resource | undefined };

type Json = Record<string, unknown>;

/** The component's args in a stack config, as plain data: what a program in any language writes. */
function stackArgs(config: EngineConfig): Json {
    const prefix = `${PROJECT}:`;
    return Object.fromEntries(
        Object.entries(config.config)
            .filter(([key]) => key.startsWith(prefix))
            .map(([key, value]) => [key.slice(prefix.length), JSON.parse(value) as unknown]),
    );
}

const clone = (value: Json): Json => structuredClone(value);
const section = (args: Json, key: string) => args[key] as Json;
const zones = (args: Json) => section(args, "route53").zones as Json[];

/** The optional members the engine may pass as `null` (YAML's `null`, a `None` in a Python dict): those the stack leaves out. */
function withNullsForAbsentOptionals(args: Json): Json {
    const out = clone(args);
    for (const key of ["istio", "gatewayApi", "certManager", "routes"]) if (!(key in out)) out[key] = null;
    const acme = section(out, "acme");
    for (const key of ["directoryUrl", "issuerName"]) if (!(key in acme)) acme[key] = null;
    for (const zone of zones(out)) if (!("private" in zone)) zone.private = null;
    return out;
}

async function outputOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

interface Construction {
    records: SynthResult;
    /** The component's outputs as the provider's server would send them to the engine. */
    state: Json;
}

/**
 * Runs a program that creates a hosted zone and an IstioAcmeIngress whose first zone's `hostedZoneId` is that zone's
 * ID and whose ACME email (and External Account Binding key) is a secret, either as a TypeScript program constructs it, or through the plugin's provider
 * with the inputs as the engine delivers them from another language.
 */
async function construct(
    way: "typescript" | "provider",
    args: Json,
    config: EngineConfig,
    preview: boolean,
    engineArgs: (args: Json) => Json = (value) => value,
): Promise<Construction> {
    let state: Json = {};
    const records = await synthesize({
        project: project.name,
        stack: "languages",
        ...config,
        preview,
        program: async () => {
            const zone = new aws.route53.Zone("zone", { name: zones(args)[0].domain as string });
            if (way === "typescript") {
                const typed = clone(args) as unknown as IstioAcmeIngressArgs;
                typed.acme.email = pulumi.secret(typed.acme.email);
                const eab = typed.acme.externalAccountBinding;
                if (eab) eab.hmacKey = pulumi.secret(eab.hmacKey);
                typed.route53.zones[0].hostedZoneId = zone.zoneId;
                const ingress = new IstioAcmeIngress("ingress", typed);
                const outputs = Object.fromEntries(SCHEMA_OUTPUTS.map((key) => [key, (ingress as unknown as Json)[key]]));
                state = await serializedState("typescript", outputs);
                return;
            }
            const wire = engineArgs(clone(args));
            section(wire, "acme").email = outputValue({ value: section(args, "acme").email, secret: true });
            const eab = section(wire, "acme").externalAccountBinding as Json | undefined;
            if (eab) eab.hmacKey = outputValue({ value: eab.hmacKey, secret: true });
            const zoneUrn = await outputOf(zone.urn);
            zones(wire)[0].hostedZoneId = preview
                ? outputValue({ dependencies: [zoneUrn] })
                : outputValue({ value: await outputOf(zone.zoneId), dependencies: [zoneUrn] });
            const stackUrn = await outputOf(runtimeState.getStackResource()!.urn);
            const provider = new IstioAcmeIngressProvider(providerOptions());
            ({ state } = await constructAsTheEngineDoes(provider, COMPONENT_TYPE, "ingress", wire, stackUrn));
        },
    });
    return { records, state };
}

/** What the engine receives of each resource, in a stable order. */
function registrations(result: SynthResult): SynthResource[] {
    return [...result.resources]
        .map((resource) => ({ ...resource, dependencies: [...resource.dependencies].sort() }))
        .sort((a, b) => a.urn.localeCompare(b.urn));
}

/** Whether some resource's inputs hold `text` (such as the redacted secret or unknown marker). */
function inputsMention(result: SynthResult, text: string): boolean {
    return result.resources.some((resource) => resource.type !== "aws:route53/zone:Zone" && JSON.stringify(resource.inputs).includes(text));
}

/** The resources that wait for the hosted zone the program created. */
function dependOnZone(result: SynthResult): SynthResource[] {
    const zone = result.resources.find((resource) => resource.type === "aws:route53/zone:Zone");
    return result.resources.filter((resource) => zone !== undefined && resource.dependencies.includes(zone.urn));
}

function assertSameConstruction(typescript: Construction, provider: Construction): void {
    const expected = registrations(typescript.records);
    const actual = registrations(provider.records);
    assert.deepEqual(
        actual.map((resource) => resource.urn),
        expected.map((resource) => resource.urn),
        "the provider registered other resources than TypeScript",
    );
    for (const [index, resource] of actual.entries()) assert.deepEqual(resource, expected[index], `${resource.urn} differs`);
    assert.deepEqual(provider.state, typescript.state, "the component's outputs differ");
}

/**
 * A Python, Go, .NET, Java or YAML program reaches IstioAcmeIngress through the plugin's provider (`construct`),
 * with its inputs as the engine delivers them: plain JSON (enums as their strings, numbers as doubles), secrets
 * and other resources' values as output values in place, unknowns during a preview, and `null` where the program
 * wrote one. It must get the very resources a TypeScript program gets with the same args.
 */
describe("construction through the plugin's provider, as other languages reach it", function () {
    this.timeout(300_000);
    const stacks = existingStacks(project.stackConfigDir);

    it("has example stacks to compare", function () {
        assert.ok(stacks.length > 0);
    });

    it("refuses bad input as a Python or YAML program would send it: every problem at once, by property path", async function () {
        const wire: Json = {
            acme: { email: "ops@example.com", server: "stagging" },
            route53: { zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }] },
            istio: { api: "gatewayapi", version: null },
            // A Python program may pass an output where the schema says plain (its SDK does not stop it).
            gateways: [{ name: outputValue({ value: "web", dependencies: [] }), hosts: ["www.example.com", null] }],
        };
        let refusal: unknown;
        const result = await synthesize({
            project: project.name,
            stack: "languages",
            config: { "aws:region": "ca-central-1" },
            secretKeys: [],
            program: async () => {
                const stackUrn = await outputOf(runtimeState.getStackResource()!.urn);
                const provider = new IstioAcmeIngressProvider(providerOptions());
                refusal = await constructAsTheEngineDoes(provider, COMPONENT_TYPE, "ingress", wire, stackUrn).catch(
                    (error: unknown) => error,
                );
            },
        });
        // The provider's server answers an InputPropertiesError with INVALID_ARGUMENT and these property paths.
        assert.ok(pulumi.InputPropertiesError.isInstance(refusal), `not refused with an InputPropertiesError: ${String(refusal)}`);
        assert.deepEqual(
            refusal.errors?.map((error) => error.propertyPath),
            ["acme.server", "istio.api", "gateways[0].name", "gateways[0].hosts[1]"],
        );
        assert.match(refusal.errors?.[2].reason ?? "", /must be a plain value, not an output/);
        assert.deepEqual(
            result.resources.map((resource) => resource.type),
            ["pulumi:pulumi:Stack"],
            "bad input registered resources",
        );
    });

    for (const stack of stacks) {
        describe(`the ${stack} stack's config`, function () {
            const config = readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), PROJECT);
            const args = stackArgs(config);

            it("registers the same resources, inputs and dependencies, and returns the same outputs, as TypeScript", async function () {
                const typescript = await construct("typescript", args, config, false);
                const provider = await construct("provider", args, config, false, withNullsForAbsentOptionals);
                assert.ok(typescript.records.resources.length > 10);
                assertSameConstruction(typescript, provider);
                const component = provider.records.resources.find((resource) => resource.type === COMPONENT_TYPE);
                assert.equal(component?.urn.split("::").pop(), "ingress");
                assert.ok(Object.keys(provider.state).includes("certificates"));
                // What the comparison covers: the secret stayed secret, and the zone's ID carried its resource along.
                assert.ok(inputsMention(provider.records, SECRET), "no input holds the secret email");
                assert.ok(dependOnZone(provider.records).length > 0, "nothing waits for the zone whose ID it was given");
            });

            it("does the same in a preview, where the zone it is given has no ID yet", async function () {
                const typescript = await construct("typescript", args, config, true);
                const provider = await construct("provider", args, config, true);
                assertSameConstruction(typescript, provider);
                assert.ok(inputsMention(provider.records, UNKNOWN), "no input holds the zone's unknown ID");
            });
        });
    }
});
