import * as pulumi from "@pulumi/pulumi";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { likelyMeant } from "../config/spelling";
import { ChartName, chartMinor, chartTitle } from "./charts";
import { KNOWN_CHART_VALUES } from "./knownValues";
import { isPlainMap } from "../helm";
import type { JsonType, KnownChartValues, ValuesSchema } from "./valuesSchema";

/** One key or value a chart does not take, at its path below the chart's values; the message names the value. */
export interface ChartValueProblem {
    path: string[];
    message: string;
}

/** What the component knows of a chart version's values, by its minor; undefined for a minor it has no key list of. */
export function knownChartValues(chart: ChartName, version: string): KnownChartValues | undefined {
    const minor = chartMinor(version);
    return minor === undefined ? undefined : KNOWN_CHART_VALUES[`${chart} ${minor}`];
}

/** The chart minors the component has key lists of, e.g. ["1.30", "1.31"] for "gateway". */
export function knownMinors(chart: ChartName): string[] {
    return Object.keys(KNOWN_CHART_VALUES)
        .filter((key) => key.startsWith(`${chart} `))
        .map((key) => key.slice(chart.length + 1));
}

/**
 * The values as the chart's schema sees them: Helm removes a `null` from the chart's defaults when it
 * coalesces them (pkg/chartutil/coalesce.go), and an output's value is only known at deploy time, so
 * neither is checked.
 */
function checkable(values: Record<string, unknown>): Record<string, unknown> {
    const copy = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(copy);
        if (!isPlainMap(value)) return value;
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, inner]) => inner !== null && inner !== undefined && !pulumi.Output.isInstance(inner))
                .map(([key, inner]) => [key, copy(inner)]),
        );
    };
    return copy(values) as Record<string, unknown>;
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A JSON Schema validator, as Helm validates values against a chart's values.schema.json; compiled once per chart minor. */
function validatorOf(key: string, schema: ValuesSchema): ValidateFunction {
    let validate = compiled.get(key);
    if (validate === undefined) {
        // allErrors: every problem at once. verbose: the error carries the schema it broke, whose keys name what was meant.
        ajv ??= new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, allowUnionTypes: true });
        validate = ajv.compile(schema);
        compiled.set(key, validate);
    }
    return validate;
}

/** Ajv's JSON pointer ("/service/ports/0") as path segments. */
function segmentsOf(pointer: string): string[] {
    return pointer === ""
        ? []
        : pointer
              .slice(1)
              .split("/")
              .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

const A: Record<JsonType, string> = {
    object: "a map",
    array: "a list",
    string: "a string",
    number: "a number",
    integer: "a whole number",
    boolean: "true or false",
    null: "null",
};

function kindOf(value: unknown): string {
    if (Array.isArray(value)) return "a list";
    if (isPlainMap(value)) return "a map";
    if (typeof value === "number" && !Number.isInteger(value)) return `a fraction (${value})`;
    return `${A[typeof value as JsonType] ?? typeof value} (${JSON.stringify(value)})`;
}

/** Most keys a message lists before it points at the chart's values instead. */
const MAX_LISTED_KEYS = 12;

function messageOf(error: ErrorObject, title: string): { at: string[]; message: string } {
    const at = segmentsOf(error.instancePath);
    switch (error.keyword) {
        case "additionalProperties": {
            const key = String((error.params as { additionalProperty: string }).additionalProperty);
            const known = Object.keys((error.parentSchema as ValuesSchema | undefined)?.properties ?? {});
            const guess = likelyMeant(key, known);
            const hint = guess
                ? `did you mean "${guess}"?`
                : known.length <= MAX_LISTED_KEYS
                  ? `it takes ${known.join(", ")}`
                  : "see the chart's values.yaml";
            return { at: [...at, key], message: `is not a key of ${title} (${hint})` };
        }
        case "type": {
            const types = ([] as JsonType[]).concat(error.schema as JsonType | JsonType[]).filter((type) => type !== "null");
            const wanted = types.map((type) => A[type]).join(" or ");
            return { at, message: `must be ${wanted} in ${title}, not ${kindOf(error.data)}` };
        }
        case "enum": {
            const allowed = (error.schema as unknown[]).map((value) => JSON.stringify(value)).join(", ");
            return { at, message: `${JSON.stringify(error.data)} must be one of ${allowed} in ${title}` };
        }
        default:
            return { at, message: `${error.message ?? error.keyword} (${title})` };
    }
}

/**
 * The problems of `values` against what the component knows of the chart version's values (see
 * valuesSchema.ts), or undefined when it knows nothing of that minor. Checking the given values alone
 * is checking them merged over the component's: every constraint carried over (type, properties,
 * additionalProperties, items, enum) holds of one value at one place, the merge puts each value of
 * either side in its own place, and the component's own values are checked against the upstream
 * schemas by the tests.
 */
export function chartValueProblems(chart: ChartName, version: string, values: Record<string, unknown>): ChartValueProblem[] | undefined {
    const known = knownChartValues(chart, version);
    if (known === undefined) return undefined;
    const key = `${chart} ${chartMinor(version) ?? version}`;
    const validate = validatorOf(key, known.schema);
    if (validate(checkable(values))) return [];
    const title = `${chartTitle(chart)} ${chartMinor(version) ?? version}`;
    const seen = new Set<string>();
    return (validate.errors ?? [])
        .map((error) => messageOf(error, title))
        .filter((problem) => {
            const id = `${problem.at.join("\0")}\n${problem.message}`;
            if (seen.has(id)) return false;
            seen.add(id);
            return true;
        })
        .map((problem) => ({ path: problem.at, message: problem.message }));
}
