import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { chartValueProblems, knownMinors } from "../../components/chartValues/check";
import type { ChartName } from "../../components/chartValues/charts";
import { KNOWN_CHART_VALUES } from "../../components/chartValues/knownValues";
import type { JsonType, ValuesSchema } from "../../components/chartValues/valuesSchema";
import { fromValuesSchema } from "../../tools/chartValues/derive";
import { KNOWN_VALUES_FILE, knownValuesSource } from "../../tools/chartValues/generate";
import { CERT_MANAGER_FIXTURES, ISTIO_FIXTURES } from "../../tools/schemas/sources";
import { UpstreamSchemas, upstreamSchemasOrPending } from "../support/upstreamSchemas";

/** A value of the schema's (first non-null) type, or of its enum. */
function sampleOf(schema: ValuesSchema): unknown {
    if (schema.enum && schema.enum.length > 0) return schema.enum[schema.enum.length - 1];
    const type = ([] as JsonType[]).concat(schema.type ?? "string").find((candidate) => candidate !== "null");
    const samples: Record<JsonType, unknown> = { object: {}, array: [], string: "x", number: 2, integer: 2, boolean: true, null: null };
    return samples[type ?? "string"];
}

/** A value of none of the schema's types, when it has types. */
function wrongTypeOf(schema: ValuesSchema): unknown {
    const types = ([] as JsonType[]).concat(schema.type ?? []);
    if (types.length === 0 || schema.enum) return undefined;
    const candidates: Array<[JsonType[], unknown]> = [
        [["string"], "x"],
        [["boolean"], true],
        [["object"], { a: 1 }],
        [["array"], [1]],
        [["number", "integer"], 2.5],
    ];
    return candidates.find(([kinds]) => !kinds.some((kind) => types.includes(kind)))?.[1];
}

/** Every path of a known key, with its schema, through maps the schema describes. */
function knownPaths(schema: ValuesSchema, at: string[] = []): Array<{ path: string[]; schema: ValuesSchema; closed: boolean }> {
    return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => [
        { path: [...at, key], schema: child, closed: schema.additionalProperties === false },
        ...knownPaths(child, [...at, key]),
    ]);
}

function nest(path: readonly string[], value: unknown): Record<string, unknown> {
    return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/** The fixture versions each chart's known values stand for. */
const CHART_VERSIONS: Array<[ChartName, string]> = [
    ["cert-manager", CERT_MANAGER_FIXTURES.source.tag ?? ""],
    ...ISTIO_FIXTURES.flatMap((set) =>
        (["base", "istiod", "gateway"] as const).map((chart): [ChartName, string] => [chart, `${set.minor}.0`]),
    ),
];

describe("the known chart values (components/chartValues/knownValues.ts)", () => {
    it("cover every chart minor of the fixtures", () => {
        assert.deepEqual(knownMinors("cert-manager"), [CERT_MANAGER_FIXTURES.minor]);
        for (const chart of ["base", "istiod", "gateway"] as const) {
            assert.deepEqual(
                knownMinors(chart),
                ISTIO_FIXTURES.map((set) => set.minor),
            );
        }
    });

    it("are derived from constraints only: a schema keyword it cannot carry over stops the generator", () => {
        const schema = JSON.stringify({ type: "object", properties: { name: { type: "string", pattern: "^[a-z]+$" } } });
        assert.throws(() => fromValuesSchema(schema, "chart"), /chart\.name: keyword\(s\) pattern would be lost/);
        assert.deepEqual(
            fromValuesSchema(JSON.stringify({ type: "object", properties: { a: { type: "string", description: "A." } } }), "c"),
            {
                type: "object",
                properties: { a: { type: "string" } },
            },
        );
    });

    describe("against the upstream fixtures", function () {
        let schemas: UpstreamSchemas;

        before(function () {
            schemas = upstreamSchemasOrPending(this);
        });

        it("are what `npm run chart-values:generate` writes from them now", async () => {
            assert.equal(
                readFileSync(KNOWN_VALUES_FILE, "utf8"),
                await knownValuesSource(schemas.root),
                "run npm run chart-values:generate",
            );
        });

        for (const [chart, version] of CHART_VERSIONS) {
            it(`${chart} ${version}: accept and refuse what the chart's own schema (or values.yaml) accepts and refuses`, () => {
                const known = KNOWN_CHART_VALUES[`${chart} ${/^(v?\d+\.\d+)/.exec(version)?.[1]}`];
                assert.ok(known, `no known values for ${chart} ${version}`);
                let compared = 0;
                for (const { path, schema, closed } of knownPaths(known.schema)) {
                    const cases: Array<Record<string, unknown>> = [nest(path, sampleOf(schema))];
                    const wrong = wrongTypeOf(schema);
                    if (wrong !== undefined) cases.push(nest(path, wrong));
                    if (closed) cases.push(nest([...path.slice(0, -1), `${path[path.length - 1]}Typo`], "x"));
                    for (const values of cases) {
                        const ours = (chartValueProblems(chart, version, values) ?? []).length === 0;
                        const upstream = schemas.validateChartValues(chart, version, values).length === 0;
                        assert.equal(ours, upstream, `${chart} ${version} ${JSON.stringify(values)}: ours ${ours}, upstream ${upstream}`);
                        compared++;
                    }
                }
                assert.ok(compared > 10, `only ${compared} cases`);
            });
        }
    });
});
