/**
 * What the component knows of a chart's values, per chart minor version: the keys each level takes,
 * and the type and allowed values of each. It is written as the subset of JSON Schema that the
 * charts' own `values.schema.json` use, so that a JSON Schema validator (ajv) checks values against
 * it as Helm checks them against the chart's schema. knownValues.ts holds them, derived from the
 * charts by tools/chartValues/generate.ts.
 */
export type JsonType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";

export interface ValuesSchema {
    type?: JsonType | JsonType[];
    /** The keys of a map that the chart describes. */
    properties?: Record<string, ValuesSchema>;
    /** false: no key beyond `properties`; a schema: what every other key holds. */
    additionalProperties?: boolean | ValuesSchema;
    /** What every item of a list holds. */
    items?: ValuesSchema;
    enum?: Array<string | number | boolean | null>;
}

/** The known values of one chart minor: where they come from, and the schema. */
export interface KnownChartValues {
    /** What the key list was derived from, e.g. "values.schema.json" or "values.yaml and templates". */
    source: string;
    schema: ValuesSchema;
}
