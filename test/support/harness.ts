import type { IstioAcmeIngressArgs } from "../../components/args";
import { IstioAcmeIngress } from "../../components/istioAcmeIngress";
import { synthesize, SynthResource, SynthResult } from "../../tools/synth/engine";
import { engineConfigFromYaml } from "../../tools/synth/stackConfig";
import { dependencyClosure } from "../../tools/synth/graph";
import { synthStack } from "../../tools/synth/synth";
import { assertAcmeOrders } from "../models/acmeOrders";
import { assertCrossReferences, observingEngineInputs, secretKeysSeen } from "../models/crossReferences";

export const PROJECT = "istio-acme-ingress";

/**
 * Runs a synth and checks the cross-references of what it declared, so that every synth in the
 * suite is held to them (gateway secrets, routes, solver secrets, issuer references, zones), and
 * to the ACME CA's order rules for every Certificate.
 */
async function checkedSynth(run: () => Promise<SynthResult>): Promise<SynthResult> {
    const { value, seen } = await observingEngineInputs(run);
    assertCrossReferences(value, { secretKeys: secretKeysSeen(seen) });
    assertAcmeOrders(value);
    return value;
}

/** Runs the real stack program on a stack config given as YAML text. */
export function synthYaml(yaml: string, stack = "test"): Promise<SynthResult> {
    return checkedSynth(() => synthStack(stack, engineConfigFromYaml(yaml, PROJECT, `Pulumi.${stack}.yaml`), PROJECT));
}

/** Constructs the component directly with `args` under the mock engine, as a consumer program would. */
export function synthComponent(
    args: IstioAcmeIngressArgs,
    config: Record<string, string> = { "aws:region": "ca-central-1" },
): Promise<SynthResult> {
    return checkedSynth(() =>
        synthesize({
            project: PROJECT,
            stack: "test",
            config,
            secretKeys: [],
            program: async () => {
                new IstioAcmeIngress("ingress", args);
            },
        }),
    );
}

/** The smallest valid args. */
export function minimalArgs(overrides: Partial<IstioAcmeIngressArgs> = {}): IstioAcmeIngressArgs {
    return {
        acme: { email: "ops@example.com" },
        route53: { zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }] },
        gateways: [{ name: "web", hosts: ["www.example.com"] }],
        ...overrides,
    };
}

export function ofType(result: SynthResult, type: string): SynthResource[] {
    return result.resources.filter((r) => r.type === type);
}

export function one(result: SynthResult, type: string, name?: string): SynthResource {
    const matches = ofType(result, type).filter((r) => name === undefined || r.name === name);
    if (matches.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}`);
    return matches[0];
}

/** Every URN `resource` waits for, directly or through what it waits for. */
export function transitiveDependencies(result: SynthResult, resource: SynthResource): ReadonlySet<string> {
    return dependencyClosure(result.resources)(resource);
}

export const spec = (r: SynthResource) => r.inputs.spec as Record<string, unknown>;
export const metadata = (r: SynthResource) =>
    r.inputs.metadata as { name: string; namespace?: string; annotations?: Record<string, string> };
