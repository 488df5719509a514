import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import { parse } from "yaml";
import { benchStackYaml } from "../../bench/configGen";
import { parseYaml } from "../../tools/synth/stackConfig";
import { REPO_ROOT } from "../../tools/synth/synth";

/** A reading's value or error message; the warnings the yaml library prints for odd tags are not asserted on. */
function outcome(read: () => unknown): { value: unknown } | { error: string } {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- restored unchanged below
    const emitWarning = process.emitWarning;
    process.emitWarning = () => undefined;
    try {
        return { value: read() };
    } catch (error) {
        return { error: (error as Error).message };
    } finally {
        process.emitWarning = emitWarning;
    }
}

/** What the `yaml` library makes of a text. */
const yamlLibrary = (text: string) => outcome(() => parse(text));
const ours = (text: string) => outcome(() => parseYaml(text));

function yamlFilesUnder(dir: string): string[] {
    return readdirSync(join(REPO_ROOT, dir))
        .filter((file) => /\.ya?ml$/.test(file))
        .map((file) => join(REPO_ROOT, dir, file));
}

/** Plain scalars that sit on the edges of the core schema: numbers, booleans, nulls and strings that look like them. */
const scalarText = fc.stringMatching(/^[-+.0-9eExXoObBaAfFlLnNrRsStTuUiI_~: #?,[\]{}"'!&*]{0,12}$/);

/** Documents made of lines a stack config has, and of near misses, at random indentations. */
const lineText = fc.oneof(
    fc.constantFrom("config:", "key: value", "a:", "- item", "- k: v", "- - x", "# note", "", "k: v # note", "k: 'q'", 'k: "q"', "k: ~", "k: 1.30"),
    fc.constantFrom("k: v#x", "k: 'it''s'", 'k: "a\\b"', "k: [a, b]", "k: {a: 1}", "k: |", "  text", "k: &a x", "k: *a", "? k", "---", "...", "%YAML 1.1"),
    fc.constantFrom("k: 'x'#c", "k:v", "k: a: b", "- ", "-", "k: -1", "k: ---", "null: x", "~: x", "1: x", "k: 0x1F", "k: https://x.example.com/a", "k: a b c"),
    scalarText.map((scalar) => `k: ${scalar}`),
);
const documentText = fc
    .array(fc.tuple(fc.constantFrom("", "  ", "    ", "   ", "- "), lineText), { maxLength: 8 })
    .map((lines) => `${lines.map(([indent, line]) => indent + line).join("\n")}\n`);

describe("reading stack config YAML", () => {
    it("reads every YAML file of the project (stacks, bad-input corpus, workflows, generated bench stacks) as the yaml library does", () => {
        const files = [
            join(REPO_ROOT, "Pulumi.yaml"),
            ...yamlFilesUnder("stacks"),
            ...yamlFilesUnder(join("test", "config", "corpus")),
            ...yamlFilesUnder(join(".github", "workflows")),
        ];
        assert.ok(files.length > 40, `only ${files.length} files`);
        for (const file of files) {
            const text = readFileSync(file, "utf8");
            assert.deepEqual(ours(text), yamlLibrary(text), file);
        }
        for (const hosts of [1, 10, 100]) assert.deepEqual(ours(benchStackYaml(hosts)), yamlLibrary(benchStackYaml(hosts)), `${hosts} hosts`);
    });

    it("resolves plain scalars (numbers, booleans, nulls, look-alikes) to the same values, as mapping values and sequence items", () => {
        fc.assert(
            fc.property(scalarText, (scalar) => {
                for (const text of [`key: ${scalar}\n`, `- ${scalar}\n`, `${scalar}\n`, `a:\n  b: [${scalar}]\n`]) {
                    assert.deepEqual(ours(text), yamlLibrary(text), JSON.stringify(text));
                }
            }),
            { numRuns: 2000 },
        );
    });

    it("reads documents of stack-config lines and near misses, at any indentation, to the same value or the same error", () => {
        fc.assert(
            fc.property(documentText, (text) => {
                assert.deepEqual(ours(text), yamlLibrary(text), JSON.stringify(text));
            }),
            { numRuns: 5000 },
        );
    });

    it("keeps quoted and explicitly tagged scalars as they are written", () => {
        const text = 'a: "1.30"\nb: \'true\'\nc: !!str 5\nd: !!int "7"\ne: !!float 1\nf: ~\ng:\nh: 0o17\ni: 0x1F\nj: .inf\nk: -.Inf\nl: .nan\nm: 1e3\nn: 0b11\n';
        assert.deepEqual(ours(text), yamlLibrary(text));
    });

    it("leaves to the yaml library what it decides alone: its error messages, YAML 1.1 directives, aliases, unknown tags, duplicate keys", () => {
        const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${`*${"abcdefgh"[i]}, `.repeat(9).slice(0, -2)}]`)].join("\n");
        for (const text of [
            "config:\n  a: {b: 1\n",
            "%YAML 1.1\n---\nflag: yes\n",
            "a: &x {b: 1}\nc: *x\n",
            laughs,
            "a: !!binary aGVsbG8=\n",
            "a: !custom 1\n",
            "a: 1\na: 2\n",
            "a: 1\n---\nb: 2\n",
            "\ta: 1\n",
        ]) {
            assert.deepEqual(ours(text), yamlLibrary(text), JSON.stringify(text));
        }
        assert.match(JSON.stringify(yamlLibrary(laughs)), /alias/i, "the yaml library refuses exponential aliases");
    });
});
