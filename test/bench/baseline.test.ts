import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isOwnComponent, SDK_CLASSES, SDK_READS, sdkReplayProgram } from "../../bench/baseline";
import { synthesize, SynthResource } from "../../tools/synth/engine";

const SYNTH = join(__dirname, "..", "..", "synth");
const stacks = readdirSync(SYNTH).sort();

const recordedOf = (stack: string): SynthResource[] =>
    (JSON.parse(readFileSync(join(SYNTH, stack, "resources.json"), "utf8")) as { resources: SynthResource[] }).resources;

const withoutStack = (resources: readonly SynthResource[]) => resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
/** By URN: the engine records resources as their inputs resolve, an order neither program fixes. */
const byUrn = (resources: readonly SynthResource[]) => [...withoutStack(resources)].sort((a, b) => a.urn.localeCompare(b.urn));

describe("bench baseline: the SDK classes a plain program would use", () => {
    it("has a class for every type the example stacks register", () => {
        const missing = new Set<string>();
        for (const stack of stacks) {
            for (const r of withoutStack(recordedOf(stack))) {
                const known = isOwnComponent(r) || (r.external ? r.type in SDK_READS : r.type in SDK_CLASSES);
                if (!known) missing.add(`${r.type}${r.external ? " (read)" : ""} in ${stack}`);
            }
        }
        assert.deepEqual([...missing], []);
    });

    for (const stack of stacks) {
        it(`registers exactly what ${stack} registered: types, names, parents, dependencies, inputs`, async () => {
            const recorded = recordedOf(stack);
            const replayed = await synthesize({
                project: "istio-acme-ingress",
                stack,
                config: {},
                secretKeys: [],
                program: sdkReplayProgram(recorded),
            });
            assert.deepEqual(byUrn(replayed.resources), byUrn(recorded));
        });
    }
});
