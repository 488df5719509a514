import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import { parseAllDocuments, stringify } from "yaml";
import { REPO_ROOT } from "../../tools/synth/synth";
import { stringifyLikeYaml } from "../../tools/synth/yamlWrite";

const library = (value: unknown): string => stringify(value, { lineWidth: 0 });

/** Strings near every quoting rule: indicators, `: ` and ` #`, look-alikes of numbers, booleans and null, quotes. */
const trickyString = fc.oneof(
    fc.string({ unit: fc.constantFrom(..."aZ09 -?:#,[]{}&*!|>'\"%@`.~+eExo_/\\\t\né\u0085\u2028".split("")), maxLength: 8 }),
    fc.constantFrom("", "-", "?", "~", "null", "Null", "true", "FALSE", "1", "-1.5", "0o17", "0x1F", ".inf", ".NaN", "1e3", "---", "...", "%x", "a: b", "a #b", "*.example.com"),
    fc.string({ maxLength: 12 }),
);

const plainData = fc.letrec((tie) => ({
    value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        trickyString,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(trickyString, fc.option(tie("value"), { nil: undefined }), { maxKeys: 4 }),
    ),
})).value;

describe("writing manifests.yaml", () => {
    it("writes any plain data byte for byte as the yaml library's stringify with lineWidth 0", () => {
        fc.assert(
            fc.property(plainData, (value) => {
                assert.equal(stringifyLikeYaml(value), library(value));
            }),
            { numRuns: 5000 },
        );
    });

    it("writes every object of the example stacks' manifests as the yaml library does", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const objects = parseAllDocuments(readFileSync(join(REPO_ROOT, "synth", stack, "manifests.yaml"), "utf8")).map((doc) => doc.toJS() as unknown);
            assert.ok(objects.length > 3, stack);
            for (const object of objects) assert.equal(stringifyLikeYaml(object), library(object));
        }
    });

    it("leaves to the library what it writes its own way: shared objects (anchors), all-null mappings, multi-line strings, document markers after U+2028", () => {
        const shared = { a: 1 };
        for (const value of [{ x: shared, y: shared }, { a: null, b: null }, { text: "one\ntwo\n" }, { "\u2028%": " " }, { n: Number.NaN }, [undefined, 1], new Map([["a", 1]])]) {
            assert.equal(stringifyLikeYaml(value), library(value));
        }
    });
});
