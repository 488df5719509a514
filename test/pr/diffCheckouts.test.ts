import { strict as assert } from "node:assert";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as fc from "fast-check";
import { diffCheckouts, stackDiffOf, SynthSnapshot } from "../../tools/pr/cli";
import { compareResources, renderComment } from "../../tools/pr/synthDiff";
import { tempDir } from "../support/tempDir";

/**
 * A checkout whose `npm run synth -- --stack <s> --out <dir>` (what tools/pr/cli.ts runs in each checkout)
 * writes one Secret per `name=value` line of stacks/Pulumi.<s>.yaml; a file with the line `write nothing`
 * exits 0 without writing, as a synth that ignores --out would.
 */
function fakeCheckout(stacks: Record<string, string[]>): string {
    const root = tempDir("checkout");
    writeFileSync(
        join(root, "package.json"),
        JSON.stringify({ name: "fake-checkout", private: true, scripts: { synth: "node synth.js" } }),
    );
    writeFileSync(
        join(root, "synth.js"),
        `const fs = require("node:fs"), path = require("node:path");
const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const stack = arg("--stack"), out = arg("--out");
const lines = fs.readFileSync(path.join(__dirname, "stacks", "Pulumi." + stack + ".yaml"), "utf8").split("\\n").filter(Boolean);
if (lines.includes("write nothing")) process.exit(0);
const resources = lines.map((line) => { const [name, value] = line.split("="); return { urn: "urn:pulumi:" + stack + "::p::kubernetes:core/v1:Secret::" + name, type: "kubernetes:core/v1:Secret", inputs: { metadata: { name }, value } }; });
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "resources.json"), JSON.stringify({ stack, resources }, null, 2) + "\\n");
fs.writeFileSync(path.join(out, "manifests.yaml"), lines.join("\\n") + "\\n");
`,
    );
    mkdirSync(join(root, "stacks"));
    for (const [stack, lines] of Object.entries(stacks))
        writeFileSync(join(root, "stacks", `Pulumi.${stack}.yaml`), `${lines.join("\n")}\n`);
    return root;
}

/** The folders diffCheckouts makes in the temp folder (the one tempDir makes its folders in). */
const synthDiffFolders = () => readdirSync(dirname(tempDir("probe"))).filter((name) => name.startsWith("synth-diff-"));

describe("synth diff of two checkouts (tools/pr/cli.ts)", function () {
    it("the same sources on both sides: every stack unchanged, no file diff, and the comment says so", function () {
        const base = fakeCheckout({ dev: ["a=1", "b=1"], prod: ["a=1"] });
        const head = fakeCheckout({ dev: ["a=1", "b=1"], prod: ["a=1"] });
        const stacks = diffCheckouts(base, head);
        assert.deepEqual(
            stacks.map((s) => [s.stack, s.diff, s.error]),
            [
                ["dev", "", undefined],
                ["prod", "", undefined],
            ],
        );
        const comment = renderComment(stacks);
        assert.match(comment, /\| `dev` \| \+0 to create, ~0 to update, \+-0 to replace, -0 to delete, 2 unchanged \|/);
        assert.match(comment, /No stack changes\./);
    });

    it("a change shows in the summary and in the file diff alike", function () {
        const stacks = diffCheckouts(fakeCheckout({ dev: ["a=1", "b=1"] }), fakeCheckout({ dev: ["a=1", "b=2", "c=1"] }));
        assert.deepEqual(compareResources(stacks[0].baseResources, stacks[0].headResources).added.length, 1);
        assert.match(stacks[0].diff, /^\+b=2$/m);
        assert.match(renderComment(stacks), /\| `dev` \| \+1 to create, ~1 to update, \+-0 to replace, -0 to delete, 1 unchanged \|/);
    });

    it("a synth that exits 0 without writing its files failed: it is not a stack whose every resource is new", function () {
        const stacks = diffCheckouts(fakeCheckout({ dev: ["write nothing"] }), fakeCheckout({ dev: ["a=1", "b=1"] }));
        assert.match(stacks[0].error ?? "", /^base: synth exited 0 but wrote no resources\.json or manifests\.yaml into /);
        assert.match(renderComment(stacks), /\| `dev` \| synth failed \|/);
    });

    it("removes its synth-diff- folder from the temp folder", function () {
        const before = synthDiffFolders();
        diffCheckouts(fakeCheckout({ dev: ["a=1"] }), fakeCheckout({ dev: ["a=2"] }));
        assert.deepEqual(synthDiffFolders(), before);
    });

    it("refuses a base that shares the head's node_modules while its package-lock.json differs; a shared install with the same lock file runs", function () {
        const head = fakeCheckout({ dev: ["a=1"] });
        const base = fakeCheckout({ dev: ["a=1"] });
        mkdirSync(join(head, "node_modules"));
        symlinkSync(join(head, "node_modules"), join(base, "node_modules"));
        writeFileSync(join(head, "package-lock.json"), '{"lockfileVersion":3,"packages":{"node_modules/x":{"version":"2.0.0"}}}\n');
        writeFileSync(join(base, "package-lock.json"), '{"lockfileVersion":3,"packages":{"node_modules/x":{"version":"1.0.0"}}}\n');
        assert.throws(
            () => diffCheckouts(base, head),
            /share node_modules .* but their package-lock\.json differ: the base would be planned with the head's packages\. Run npm ci in /,
        );

        writeFileSync(join(base, "package-lock.json"), '{"lockfileVersion":3,"packages":{"node_modules/x":{"version":"2.0.0"}}}\n');
        assert.deepEqual(
            diffCheckouts(base, head).map((s) => [s.stack, s.diff, s.error]),
            [["dev", "", undefined]],
        );
    });

    it("the summary and the file diff come from the same snapshot: no file diff exactly when no resource and no manifest differs", function () {
        const compareDir = tempDir("compare");
        const text = fc.constantFrom("a=1", "a=2", "b=1");
        const snapshot = fc.record({ lines: fc.array(text, { maxLength: 3 }), manifests: fc.constantFrom("x\n", "y\n") });
        let run = 0;
        fc.assert(
            fc.property(snapshot, snapshot, (base, head) => {
                const stack = `s${run++}`;
                const files = ({ lines, manifests }: { lines: string[]; manifests: string }): SynthSnapshot => ({
                    files: {
                        "resources.json": JSON.stringify({
                            resources: [...new Set(lines)].map((line) => ({ urn: line.split("=")[0], inputs: { value: line } })),
                        }),
                        "manifests.yaml": manifests,
                    },
                });
                const diff = stackDiffOf(stack, files(base), files(head), compareDir);
                const changes = compareResources(diff.baseResources, diff.headResources);
                const resourcesDiffer =
                    changes.added.length + changes.removed.length + changes.changed.length + changes.replaced.length > 0;
                assert.equal(diff.diff === "", diff.baseResources === diff.headResources && base.manifests === head.manifests, diff.diff);
                if (diff.diff === "") assert.ok(!resourcesDiffer, JSON.stringify(changes));
                if (resourcesDiffer) assert.match(diff.diff, new RegExp(`^\\+\\+\\+ head/${stack}/resources\\.json$`, "m"));
            }),
            { numRuns: 25 },
        );
    });
});
