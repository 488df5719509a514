/**
 * Derives what the component knows of each chart's values (components/chartValues/knownValues.ts)
 * from the upstream fixtures: key names, types and allowed values, never descriptions, defaults or
 * any other text. The config check cannot read the charts themselves: Helm pulls them only at
 * deploy time, and the fixtures are not part of the package.
 */
import { parse as parseYaml } from "yaml";
import type { JsonType, KnownChartValues, ValuesSchema } from "../../components/chartValues/valuesSchema";
import { CERT_MANAGER_FIXTURES, FIXTURE_PATHS, ISTIO_FIXTURES } from "../schemas/sources";

type Json = Record<string, unknown>;

/** Keywords carried over: the whole of what the charts' schemas use to constrain values. */
const CONSTRAINTS = new Set(["type", "properties", "additionalProperties", "items", "enum"]);
/**
 * Keywords left out, each for a reason: annotations that constrain nothing, references resolved in
 * place, and `required`, which Helm checks on the values coalesced with the chart's defaults (which
 * supply them), while the config check sees only the values given.
 */
const LEFT_OUT = new Set(["description", "default", "$ref", "$schema", "$defs", "defaults", "required", "examples", "title"]);

function isObject(value: unknown): value is Json {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The constraining part of `node`, with `$ref`s into the schema's `$defs` resolved; refuses what it cannot carry over. */
function constraintsOf(node: unknown, root: Json, where: string, resolving: readonly string[] = []): ValuesSchema {
    if (node === true) return {};
    if (!isObject(node)) throw new Error(`${where}: a schema must be an object, not ${JSON.stringify(node)}`);
    if (typeof node.$ref === "string") {
        const name = /^#\/\$defs\/(.+)$/.exec(node.$ref)?.[1];
        const target = name === undefined ? undefined : (root.$defs as Json | undefined)?.[name];
        if (name === undefined || !isObject(target)) throw new Error(`${where}: cannot resolve $ref ${node.$ref}`);
        if (resolving.includes(name)) throw new Error(`${where}: $ref ${node.$ref} refers to itself`);
        const siblings = Object.keys(node).filter((key) => CONSTRAINTS.has(key));
        if (siblings.length > 0) throw new Error(`${where}: $ref beside ${siblings.join(", ")} is not carried over`);
        return constraintsOf(target, root, where, [...resolving, name]);
    }
    const resolved = node;
    const unknown = Object.keys(resolved).filter((key) => !CONSTRAINTS.has(key) && !LEFT_OUT.has(key));
    if (unknown.length > 0) {
        throw new Error(
            `${where}: keyword(s) ${unknown.join(", ")} would be lost; teach tools/chartValues/derive.ts and the check to carry them`,
        );
    }
    const out: ValuesSchema = {};
    if (resolved.type !== undefined) out.type = resolved.type as JsonType | JsonType[];
    if (Array.isArray(resolved.enum)) out.enum = resolved.enum as ValuesSchema["enum"];
    if (isObject(resolved.properties)) {
        const properties = resolved.properties;
        out.properties = Object.fromEntries(
            Object.keys(properties)
                .sort()
                .map((key) => [key, constraintsOf(properties[key], root, `${where}.${key}`, resolving)]),
        );
    }
    if (typeof resolved.additionalProperties === "boolean") out.additionalProperties = resolved.additionalProperties;
    else if (resolved.additionalProperties !== undefined) {
        out.additionalProperties = constraintsOf(resolved.additionalProperties, root, `${where}.<key>`, resolving);
    }
    if (resolved.items !== undefined) {
        const items = constraintsOf(resolved.items, root, `${where}[]`, resolving);
        if (Object.keys(items).length > 0) out.items = items;
    }
    return out;
}

/** A chart's `values.schema.json`, reduced to the constraints. */
export function fromValuesSchema(schemaText: string, where: string): ValuesSchema {
    const root = JSON.parse(schemaText) as Json;
    return constraintsOf(root, root, where);
}

/**
 * Top-level keys that Istio's charts read in their templates although their values.yaml has no
 * default for them, by minor, from `git grep '.Values.<key>'` in the templates at the fixtures'
 * commits (tools/schemas/sources.ts):
 * - every chart's templates/zzz_profile.yaml reads `profile`, `platform` and `compatibilityVersion`;
 * - istiod's templates/deployment.yaml reads `crlConfigMapName` (and from 1.31 `terminationMessagePolicy`),
 *   its templates/service.yaml `trafficDistribution`.
 * The templates are not fixtures (no template is copied), so this list is kept by hand.
 */
export const TEMPLATE_ONLY_KEYS: Readonly<Record<string, { base: readonly string[]; istiod: readonly string[] }>> = {
    "1.30": {
        base: ["compatibilityVersion", "platform", "profile"],
        istiod: ["compatibilityVersion", "crlConfigMapName", "platform", "profile", "trafficDistribution"],
    },
    "1.31": {
        base: ["compatibilityVersion", "platform", "profile"],
        istiod: ["compatibilityVersion", "crlConfigMapName", "platform", "profile", "terminationMessagePolicy", "trafficDistribution"],
    },
};

/** Istio's charts keep their defaults under this key; users set the keys at the top level. */
const ISTIO_DEFAULTS_KEY = "_internal_defaults_do_not_set";

/**
 * The top-level keys of a chart without a schema: those its values.yaml gives a default, and those its
 * templates read besides. A key whose default is a map must stay a map, one whose default is a list a
 * list; nothing is said of the others (a template may take a number or a string alike).
 */
export function fromValuesDefaults(valuesText: string, templateKeys: readonly string[]): ValuesSchema {
    const parsed = parseYaml(valuesText) as Json;
    const defaults = (parsed[ISTIO_DEFAULTS_KEY] ?? parsed) as Json;
    const shapeOf = (value: unknown): ValuesSchema => {
        if (Array.isArray(value)) return { type: "array" };
        if (isObject(value)) return { type: "object" };
        return {};
    };
    const keys = [...new Set([...Object.keys(defaults), ...templateKeys])].sort();
    return {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(keys.map((key) => [key, shapeOf(defaults[key])])),
    };
}

/** Every chart minor's known values, keyed "<chart> <minor>" as components/chartValues/known.ts looks them up. */
export function deriveKnownValues(readFixture: (localPath: string) => string): Record<string, KnownChartValues> {
    const known: Record<string, KnownChartValues> = {};
    known[`cert-manager ${CERT_MANAGER_FIXTURES.minor}`] = {
        source: `values.schema.json of cert-manager ${CERT_MANAGER_FIXTURES.source.tag ?? CERT_MANAGER_FIXTURES.source.commit}`,
        schema: fromValuesSchema(readFixture(FIXTURE_PATHS.certManagerValuesSchema), "cert-manager"),
    };
    for (const set of ISTIO_FIXTURES) {
        const paths = FIXTURE_PATHS.istio[set.minor];
        const templateKeys = TEMPLATE_ONLY_KEYS[set.minor];
        if (templateKeys === undefined) throw new Error(`no template-only keys listed for Istio ${set.minor} (TEMPLATE_ONLY_KEYS)`);
        const from = set.source.tag ? `Istio ${set.source.tag}` : `Istio ${set.source.branch} at ${set.source.commit.slice(0, 8)}`;
        known[`gateway ${set.minor}`] = {
            source: `values.schema.json of ${from}`,
            schema: fromValuesSchema(readFixture(paths.gatewayValuesSchema), `gateway ${set.minor}`),
        };
        for (const chart of ["base", "istiod"] as const) {
            known[`${chart} ${set.minor}`] = {
                source: `top-level keys of values.yaml and templates of ${from}`,
                schema: fromValuesDefaults(readFixture(paths.valuesDefaults[chart]), templateKeys[chart]),
            };
        }
    }
    return known;
}
