import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { IstioAcmeIngress } from "../../components/istioAcmeIngress";
import { synthesize, SynthResult } from "../../tools/synth/engine";
import { minimalArgs, one, ofType, PROJECT } from "../support/harness";
import { ACCESS_KEY, ROTATING, SECRET, ZONE_ID } from "./support";

interface Captured {
    result: SynthResult;
    /** The AccessKey's options as the component gave them, with the replacement trigger resolved. */
    keyOptions: pulumi.CustomResourceOptions;
    trigger: unknown;
}

/** Synthesizes with a stack transformation that records the AccessKey's resource options. */
async function synthCapturingKeyOptions(rotateDays: number | undefined): Promise<Captured> {
    let keyOptions: pulumi.CustomResourceOptions = {};
    let trigger: unknown;
    const args: IstioAcmeIngressArgs = minimalArgs({
        route53: { zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }], credentials: { mode: "accessKey", rotateDays } },
    });
    const result = await synthesize({
        project: PROJECT,
        stack: "test",
        config: { "aws:region": "ca-central-1" },
        secretKeys: [],
        program: async () => {
            pulumi.runtime.registerStackTransformation((resource) => {
                if (resource.type === ACCESS_KEY) {
                    keyOptions = resource.opts;
                    if (resource.opts.replacementTrigger !== undefined) {
                        pulumi.output(resource.opts.replacementTrigger).apply((value: unknown) => {
                            trigger = value;
                        });
                    }
                }
                return undefined;
            });
            new IstioAcmeIngress("ingress", args);
        },
    });
    return { result, keyOptions, trigger };
}

describe("access key rotation", () => {
    it("rotateDays: a time.Rotating on that schedule replaces the AccessKey when it rotates", async () => {
        const { result, trigger } = await synthCapturingKeyOptions(90);
        const rotation = one(result, ROTATING);
        assert.deepEqual(rotation.inputs, { rotationDays: 90 });
        // The mock clock starts at 2026-01-01: the trigger is the Rotating's rotation time, 90 days on.
        assert.equal(trigger, "2026-04-01T00:00:00Z");
        assert.ok(one(result, ACCESS_KEY).dependencies.includes(rotation.urn));
    });

    it("a different schedule gives a different trigger, so a new rotation time replaces the key", async () => {
        const [ninety, thirty] = await Promise.all([synthCapturingKeyOptions(90), synthCapturingKeyOptions(30)]);
        assert.notEqual(ninety.trigger, thirty.trigger);
    });

    it("replaces create-before-delete: nothing asks for delete-first", async () => {
        const { keyOptions } = await synthCapturingKeyOptions(90);
        assert.notEqual(keyOptions.deleteBeforeReplace, true);
        assert.equal(keyOptions.replaceOnChanges, undefined);
    });

    it("the Secret reads the key it depends on, so it moves to the new key in the same run", async () => {
        const { result } = await synthCapturingKeyOptions(90);
        const key = one(result, ACCESS_KEY);
        const secret = one(result, SECRET);
        assert.ok(secret.dependencies.includes(key.urn), "the Secret depends on the AccessKey");
        assert.equal(secret.inputs.stringData, "[secret]");
        assert.notEqual((secret.inputs.metadata as { name?: string }).name, undefined);
    });

    it("without rotateDays there is no Rotating and no trigger", async () => {
        const { result, keyOptions } = await synthCapturingKeyOptions(undefined);
        assert.equal(ofType(result, ROTATING).length, 0);
        assert.equal(keyOptions.replacementTrigger, undefined);
    });
});
