/**
 * Validates what the program emits against upstream schemas: CRD openAPIV3Schemas for custom
 * resources (their CEL rules too, see celRules.ts), and each Helm chart's own values schema (or
 * values.yaml defaults) for release values.
 * The fixtures are read from ../shared/upstream, else .cache/upstream (`npm run schemas:fetch`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv, { ErrorObject, Format, KeywordDefinition, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { celRuleProblems } from "./celRules";
import { FIXTURE_PATHS, UPSTREAM_FILES, UPSTREAM_VERSIONS } from "../../tools/schemas/sources";
import type { SynthResource, SynthResult } from "../../tools/synth/engine";
import { declaredObjects } from "../../tools/synth/render";

const REPO_ROOT = resolve(__dirname, "..", "..");
const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

type JsonObject = Record<string, unknown>;

export interface SchemaProblem {
    /** JSON path inside the validated object or values, such as `$.spec.servers[0].port.number`. */
    path: string;
    message: string;
}

export type UpstreamLocation = { available: true; root: string } | { available: false; reason: string };

/** The first fixture root holding every file tools/schemas/sources.ts lists. */
export function locateUpstream(repoRoot = REPO_ROOT): UpstreamLocation {
    const candidates = [join(repoRoot, "..", "shared", "upstream"), join(repoRoot, ".cache", "upstream")];
    const root = candidates.find((candidate) => UPSTREAM_FILES.every((file) => existsSync(join(candidate, file.localPath))));
    if (root !== undefined) return { available: true, root };
    const wanted = `cert-manager ${UPSTREAM_VERSIONS.certManager}, Istio ${UPSTREAM_VERSIONS.istio}, Gateway API ${UPSTREAM_VERSIONS.gatewayApi}`;
    return {
        available: false,
        reason: `upstream schemas (${wanted}) not found in ${candidates.join(" or ")}; run "npm run schemas:fetch"`,
    };
}

// ---------------------------------------------------------------------------------------------
// Ajv set-up

function isPlainObject(value: unknown): value is JsonObject {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

const intOrString: KeywordDefinition = {
    keyword: "x-kubernetes-int-or-string",
    schemaType: "boolean",
    validate: (enabled: boolean, data: unknown) => !enabled || typeof data === "string" || Number.isInteger(data),
};

/** Kubernetes keywords ajv only has to accept: their meaning is enforced by the API server (list maps), celRules.ts (CEL) or below (pruning). */
const ANNOTATION_KEYWORDS = [
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-map-type",
    "x-kubernetes-validations",
];

const inRange = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;

/** The OpenAPI formats the CRDs use, without ajv-formats. */
const KUBERNETES_FORMATS: Record<string, Format> = {
    int32: { type: "number", validate: inRange(-(2 ** 31), 2 ** 31 - 1) },
    int64: { type: "number", validate: inRange(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) },
    double: { type: "number", validate: (n: number) => Number.isFinite(n) },
    byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
    "date-time": /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
};

/**
 * CRD schemas are OpenAPI 3.0 schema objects; draft-07 semantics are the closest ajv has. Structural
 * schemas put `required` inside oneOf/anyOf/not without repeating the properties there, and leave
 * `type` out in those branches, hence strictRequired and strictTypes off.
 */
function crdAjv(): Ajv {
    const ajv = new Ajv({ strict: true, strictRequired: false, strictTypes: false, allErrors: true, formats: KUBERNETES_FORMATS });
    for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword(keyword);
    ajv.addKeyword(intOrString);
    return ajv;
}

/**
 * Kubernetes drops (and `kubectl apply`, validating strictly, rejects) fields a structural schema
 * does not declare, unless `x-kubernetes-preserve-unknown-fields` says otherwise. JSON Schema
 * allows them, so this makes that explicit on every object node in a structural position
 * (properties, items, additionalProperties; not inside anyOf/oneOf/allOf/not).
 */
function withUnknownFieldsRejected(schema: JsonObject): JsonObject {
    const copy: JsonObject = { ...schema };
    if (isPlainObject(copy.properties)) {
        copy.properties = Object.fromEntries(
            Object.entries(copy.properties).map(([key, child]) => [key, isPlainObject(child) ? withUnknownFieldsRejected(child) : child]),
        );
        if (copy.additionalProperties === undefined && copy["x-kubernetes-preserve-unknown-fields"] !== true)
            copy.additionalProperties = false;
    }
    if (isPlainObject(copy.items)) copy.items = withUnknownFieldsRejected(copy.items);
    if (isPlainObject(copy.additionalProperties)) copy.additionalProperties = withUnknownFieldsRejected(copy.additionalProperties);
    return copy;
}

/** Every object has these; the API server adds them to a CRD's root schema when it leaves them out (Istio's do). */
const IMPLICIT_ROOT_PROPERTIES: JsonObject = { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" } };

function crdValidationSchema(openAPIV3Schema: JsonObject): JsonObject {
    const properties = isPlainObject(openAPIV3Schema.properties) ? openAPIV3Schema.properties : {};
    return withUnknownFieldsRejected({ ...openAPIV3Schema, type: "object", properties: { ...IMPLICIT_ROOT_PROPERTIES, ...properties } });
}

// ---------------------------------------------------------------------------------------------
// Error reporting

function childPath(path: string, key: string): string {
    if (/^\d+$/.test(key)) return `${path}[${key}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}.${key}`;
    return `${path}[${JSON.stringify(key)}]`;
}

/** Ajv's JSON pointer ("/spec/servers/0") as a JSON path ("$.spec.servers[0]"). */
function jsonPath(instancePath: string, extraKey?: string): string {
    const segments =
        instancePath === ""
            ? []
            : instancePath
                  .slice(1)
                  .split("/")
                  .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (extraKey !== undefined) segments.push(extraKey);
    return segments.reduce(childPath, "$");
}

function problemOf(error: ErrorObject): SchemaProblem {
    switch (error.keyword) {
        case "additionalProperties":
            return { path: jsonPath(error.instancePath, String(error.params.additionalProperty)), message: "unknown field" };
        case "required":
            return { path: jsonPath(error.instancePath, String(error.params.missingProperty)), message: "required field is missing" };
        case "enum":
            return { path: jsonPath(error.instancePath), message: `must be one of ${JSON.stringify(error.params.allowedValues)}` };
        case "x-kubernetes-int-or-string":
            return { path: jsonPath(error.instancePath), message: "must be an integer or a string" };
        default:
            return { path: jsonPath(error.instancePath), message: error.message ?? error.keyword };
    }
}

function problemsOf(validate: ValidateFunction, data: unknown): SchemaProblem[] {
    if (validate(data)) return [];
    const seen = new Set<string>();
    return (validate.errors ?? []).map(problemOf).filter((problem) => {
        const key = `${problem.path} ${problem.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

// ---------------------------------------------------------------------------------------------
// Custom resources

interface CrdVersion {
    name: string;
    served: boolean;
    schema?: { openAPIV3Schema?: JsonObject };
}
interface Crd {
    kind: string;
    spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

/** Groups of built-in Kubernetes APIs: no CRD describes them, so they are not checked here. */
const BUILT_IN_GROUPS = new Set(["", "apps", "batch", "policy", "rbac.authorization.k8s.io", "networking.k8s.io", "autoscaling"]);

function groupOf(apiVersion: string): string {
    return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
}

// ---------------------------------------------------------------------------------------------
// Helm values

interface ChartFixture {
    version: string;
    validate: (values: JsonObject) => SchemaProblem[];
}

/** "oci://quay.io/jetstack/charts/cert-manager" or "cert-manager" (with repositoryOpts) -> "cert-manager". */
export function chartNameOf(chart: string): string {
    return chart.replace(/\/+$/, "").split("/").pop() ?? chart;
}

/** Helm charts of Istio nest their defaults under this key; users set the keys at the top level. */
const ISTIO_DEFAULTS_KEY = "_internal_defaults_do_not_set";

function shapeOf(value: unknown): string {
    if (Array.isArray(value)) return "a list";
    if (isPlainObject(value)) return "a map";
    return value === null ? "null" : `a ${typeof value}`;
}

/**
 * Every key path in `values` must exist in `defaults`; below a key whose default is an empty map
 * anything goes (such maps are free-form: labels, annotations, env, ...).
 */
function unknownValuePaths(values: JsonObject, defaults: JsonObject, path: string): SchemaProblem[] {
    return Object.entries(values).flatMap(([key, value]) => {
        const here = childPath(path, key);
        if (!(key in defaults)) return [{ path: here, message: "not a value of this chart (no default in its values.yaml)" }];
        return valueAgainstDefault(value, defaults[key], here);
    });
}

function valueAgainstDefault(value: unknown, fallback: unknown, path: string): SchemaProblem[] {
    if (isPlainObject(fallback)) {
        if (!isPlainObject(value)) return [{ path, message: `is ${shapeOf(value)}; the chart expects a map` }];
        return Object.keys(fallback).length === 0 ? [] : unknownValuePaths(value, fallback, path);
    }
    if (isPlainObject(value) && fallback !== null) return [{ path, message: `is a map; the chart's default is ${shapeOf(fallback)}` }];
    return [];
}

// ---------------------------------------------------------------------------------------------

/** The upstream schemas under one fixture root; every schema is compiled on first use, then cached. */
export class UpstreamSchemas {
    private readonly crdAjv = crdAjv();
    private readonly crds = new Map<string, JsonObject>();
    private readonly compiled = new Map<string, ValidateFunction>();
    private readonly charts: Map<string, ChartFixture>;

    constructor(public readonly root: string) {
        for (const path of FIXTURE_PATHS.crds) this.indexCrds(path);
        this.charts = new Map<string, ChartFixture>([
            [
                "cert-manager",
                { version: UPSTREAM_VERSIONS.certManager, validate: this.schemaValidator("cert-manager", () => this.certManagerSchema()) },
            ],
            ["gateway", { version: UPSTREAM_VERSIONS.istio, validate: this.schemaValidator("gateway", () => this.istioGatewaySchema()) }],
            ["base", { version: UPSTREAM_VERSIONS.istio, validate: this.defaultsValidator(FIXTURE_PATHS.istioValuesDefaults.base) }],
            ["istiod", { version: UPSTREAM_VERSIONS.istio, validate: this.defaultsValidator(FIXTURE_PATHS.istioValuesDefaults.istiod) }],
        ]);
    }

    /** `apiVersion/kind` pairs the fixtures hold a schema for. */
    get customResourceTypes(): string[] {
        return [...this.crds.keys()];
    }

    /** The openAPIV3Schema of a served CRD version, as `apiVersion/kind` of customResourceTypes names it. */
    crdSchema(apiVersion: string, kind: string): JsonObject | undefined {
        return this.crds.get(`${apiVersion}/${kind}`);
    }

    validateCustomResource(object: JsonObject): SchemaProblem[] {
        const { apiVersion, kind } = object;
        if (typeof apiVersion !== "string" || typeof kind !== "string")
            return [{ path: "$", message: "apiVersion and kind must be strings" }];
        if (BUILT_IN_GROUPS.has(groupOf(apiVersion))) return [];
        const key = `${apiVersion}/${kind}`;
        const schema = this.crds.get(key);
        if (schema === undefined) {
            return [
                {
                    path: "$",
                    message: `no served CRD for ${apiVersion} ${kind} among the fixtures (${this.customResourceTypes.join(", ")})`,
                },
            ];
        }
        return [
            ...problemsOf(
                this.compileOnce(`crd:${key}`, () => this.crdAjv.compile(crdValidationSchema(schema))),
                object,
            ),
            ...celRuleProblems(schema, object),
        ];
    }

    /** Checks the chart's version against the fixtures' and the values against the chart's schema or defaults. */
    validateChartValues(chartName: string, version: string, values: JsonObject): SchemaProblem[] {
        const fixture = this.charts.get(chartName);
        if (fixture === undefined)
            return [{ path: "$", message: `no fixtures for chart ${chartName} (known: ${[...this.charts.keys()].join(", ")})` }];
        if (version !== fixture.version) {
            return [
                {
                    path: "$",
                    message: `chart ${chartName} ${version}, but the fixtures are for ${fixture.version}: refresh them (tools/schemas/sources.ts, npm run schemas:fetch)`,
                },
            ];
        }
        return fixture.validate(values);
    }

    validateRelease(resource: SynthResource): SchemaProblem[] {
        const { chart, version, values } = resource.inputs;
        if (typeof chart !== "string" || typeof version !== "string") return [{ path: "$", message: "chart and version must be strings" }];
        return this.validateChartValues(chartNameOf(chart), version, isPlainObject(values) ? values : {});
    }

    /** Every problem of every declared object and Helm release, as "resource (what): path: message". */
    problemsOf(result: SynthResult): string[] {
        return result.resources.flatMap((resource) => {
            if (resource.type === HELM_RELEASE_TYPE && !resource.external) {
                return this.validateRelease(resource).map(
                    (p) => `${resource.name} (chart ${String(resource.inputs.chart)}): ${p.path}: ${p.message}`,
                );
            }
            return declaredObjects([resource]).flatMap((object) => {
                const label = `${String(object.kind)} ${String((object.metadata as JsonObject | undefined)?.name)}`;
                return this.validateCustomResource(object).map((p) => `${resource.name} (${label}): ${p.path}: ${p.message}`);
            });
        });
    }

    assertMatchesUpstream(result: SynthResult): void {
        const problems = this.problemsOf(result);
        if (problems.length > 0) {
            throw new Error(
                `${result.stack}: ${problems.length} problem(s) against the upstream schemas in ${this.root}:\n  ${problems.join("\n  ")}`,
            );
        }
    }

    private indexCrds(path: string): void {
        for (const document of parseAllDocuments(readFileSync(join(this.root, path), "utf8"))) {
            const crd = document.toJS() as Crd | null;
            if (crd?.kind !== "CustomResourceDefinition") continue;
            for (const version of crd.spec.versions) {
                const schema = version.schema?.openAPIV3Schema;
                if (version.served && schema) this.crds.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, schema);
            }
        }
    }

    private compileOnce(key: string, compile: () => ValidateFunction): ValidateFunction {
        let validate = this.compiled.get(key);
        if (validate === undefined) {
            validate = compile();
            this.compiled.set(key, validate);
        }
        return validate;
    }

    private readJson(path: string): JsonObject {
        return JSON.parse(readFileSync(join(this.root, path), "utf8")) as JsonObject;
    }

    private schemaValidator(key: string, compile: () => ValidateFunction): ChartFixture["validate"] {
        return (values) => problemsOf(this.compileOnce(`chart:${key}`, compile), values);
    }

    /** cert-manager's schema declares draft-07. */
    private certManagerSchema(): ValidateFunction {
        return new Ajv({ strict: true, allErrors: true }).compile(this.readJson(FIXTURE_PATHS.certManagerValuesSchema));
    }

    /**
     * Istio's gateway schema declares "http://json-schema.org/schema#", which means "the latest
     * draft" and which ajv has no meta-schema for; it is written with `$defs`, so draft 2020-12.
     */
    private istioGatewaySchema(): ValidateFunction {
        const { $schema: _latestDraft, ...schema } = this.readJson(FIXTURE_PATHS.istioGatewayValuesSchema);
        void _latestDraft;
        // strictTypes off: upstream gives service.ipFamilies `items` without `type: array`.
        const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
        // The schema's root has a "defaults" entry (a $ref to the values) that is no JSON Schema keyword.
        ajv.addKeyword("defaults");
        return ajv.compile(schema);
    }

    private defaultsValidator(path: string): ChartFixture["validate"] {
        let defaults: JsonObject | undefined;
        return (values) => {
            defaults ??= (parseYaml(readFileSync(join(this.root, path), "utf8")) as JsonObject)[ISTIO_DEFAULTS_KEY] as JsonObject;
            return unknownValuePaths(values, defaults, "$");
        };
    }
}

const loaded = new Map<string, UpstreamSchemas>();

/** The schemas under `root` (default: the located fixtures), loaded once per root. */
export function upstreamSchemas(root?: string): UpstreamSchemas {
    const location: UpstreamLocation = root === undefined ? locateUpstream() : { available: true, root };
    if (!location.available) throw new Error(location.reason);
    let schemas = loaded.get(location.root);
    if (schemas === undefined) {
        schemas = new UpstreamSchemas(location.root);
        loaded.set(location.root, schemas);
    }
    return schemas;
}

export const validateCustomResource = (object: JsonObject): SchemaProblem[] => upstreamSchemas().validateCustomResource(object);
export const validateChartValues = (chartName: string, version: string, values: JsonObject): SchemaProblem[] =>
    upstreamSchemas().validateChartValues(chartName, version, values);
/** Throws one error listing every problem of every declared object and Helm release in `result`. */
export const assertMatchesUpstream = (result: SynthResult): void => upstreamSchemas().assertMatchesUpstream(result);
