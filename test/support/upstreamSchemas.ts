/**
 * Validates what the program emits against upstream schemas: CRD openAPIV3Schemas for custom
 * resources (their CEL rules too, see celRules.ts), and each Helm chart's own values schema (or
 * values.yaml defaults) for release values.
 * Istio's objects and values are checked against the fixtures of the Istio minor version the
 * program installs, cert-manager's against those of its minor.
 * The fixtures are read from $ISTIO_ACME_INGRESS_UPSTREAM when it is set, else from
 * ../shared/upstream, else .cache/upstream (`npm run schemas:fetch`).
 */
import { existsSync, readFileSync } from "node:fs";
import { isIPv4, isIPv6 } from "node:net";
import { join, resolve } from "node:path";
import Ajv, { ErrorObject, Format, KeywordDefinition, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { celRuleProblems } from "../models/celRules";
import { TEMPLATE_ONLY_KEYS } from "../../tools/chartValues/derive";
import { DEFAULT_ISTIO_VERSION } from "../../components/config/defaults";
import {
    bundleVersionOf,
    certManagerFixturesFor,
    FIXTURE_PATHS,
    FixtureSet,
    GATEWAY_API_BUNDLES,
    GATEWAY_API_FIXTURES,
    ISTIO_FIXTURES,
    IstioFixturePaths,
    istioFixturesFor,
    UPSTREAM_ENV,
    UPSTREAM_FILES,
    CERT_MANAGER_FIXTURES,
} from "../../tools/schemas/sources";
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

/**
 * The first fixture root holding every file tools/schemas/sources.ts lists: `override`
 * ($ISTIO_ACME_INGRESS_UPSTREAM) alone when set, else ../shared/upstream, else .cache/upstream.
 */
export function locateUpstream(repoRoot = REPO_ROOT, override = process.env[UPSTREAM_ENV]): UpstreamLocation {
    const candidates =
        override !== undefined && override !== ""
            ? [resolve(override)]
            : [join(repoRoot, "..", "shared", "upstream"), join(repoRoot, ".cache", "upstream")];
    const root = candidates.find((candidate) => UPSTREAM_FILES.every((file) => existsSync(join(candidate, file.localPath))));
    if (root !== undefined) return { available: true, root };
    const wanted = [CERT_MANAGER_FIXTURES, ...ISTIO_FIXTURES, ...GATEWAY_API_BUNDLES].map((set) => set.label).join(", ");
    const where = override ? `${candidates[0]} (${UPSTREAM_ENV})` : candidates.join(" or ");
    return {
        available: false,
        reason: `upstream schemas (${wanted}) not found in ${where}; run "npm run schemas:fetch"`,
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
    // Gateway addresses (Gateway API CRDs).
    ipv4: { type: "string", validate: (value: string) => isIPv4(value) },
    ipv6: { type: "string", validate: (value: string) => isIPv6(value) },
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

/** The Gateway API group: its CRDs are checked per bundle release. */
const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

/** The Gateway API releases the fixtures hold, oldest first, e.g. ["v1.5.1", "v1.6.1"]. */
export const GATEWAY_API_BUNDLE_VERSIONS: readonly string[] = GATEWAY_API_BUNDLES.map(bundleVersionOf);
const NEWEST_BUNDLE = bundleVersionOf(GATEWAY_API_FIXTURES);

function groupOf(apiVersion: string): string {
    return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
}

// ---------------------------------------------------------------------------------------------
// Helm values

interface ChartFixture {
    /** The fixture set for a chart version, if there is one. */
    setFor: (version: string) => FixtureSet | undefined;
    validate: (set: FixtureSet, values: JsonObject) => SchemaProblem[];
}

const ISTIO_CHARTS = new Set(["base", "istiod", "gateway"]);
const isIstioGroup = (group: string) => group === "istio.io" || group.endsWith(".istio.io");

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
 * Values an Istio chart's templates read although its `values.yaml` only shows them commented out,
 * by chart, with the template that reads each. Each is accepted only while the fixture's
 * `values.yaml` still carries the commented line (`# <key>:`) under its parent.
 */
const COMMENTED_VALUES: Record<string, string[][]> = {
    istiod: [
        // templates/poddisruptionbudget.yaml: `{{- else if .Values.pdb.maxUnavailable }}`; values.yaml: "# maxUnavailable: 1".
        ["pdb", "maxUnavailable"],
    ],
};

/** The values.yaml shows `# <leaf>:` inside the block of the map key `parent`. */
function showsCommented(text: string, parent: string, leaf: string): boolean {
    const lines = text.split("\n");
    const start = lines.findIndex((line) => new RegExp(`^\\s*${parent}:\\s*$`).test(line));
    if (start < 0) return false;
    const indent = /^\s*/.exec(lines[start])?.[0].length ?? 0;
    for (const line of lines.slice(start + 1)) {
        if (new RegExp(`^\\s*#\\s*${leaf}:`).test(line)) return true;
        const own = /^\s*/.exec(line)?.[0].length ?? 0;
        if (line.trim() !== "" && !line.trim().startsWith("#") && own <= indent) return false;
    }
    return false;
}

/** `defaults` with each commented value of `chart` that `text` (its values.yaml) shows added as `null` (any value). */
function withCommentedValues(chart: string, defaults: JsonObject, text: string): JsonObject {
    const copy = structuredClone(defaults);
    for (const path of COMMENTED_VALUES[chart] ?? []) {
        const leaf = path[path.length - 1];
        if (!showsCommented(text, path[path.length - 2], leaf)) continue;
        const parent = path.slice(0, -1).reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), copy);
        if (isPlainObject(parent) && !(leaf in parent)) parent[leaf] = null;
    }
    return copy;
}

/**
 * Every key path in `values` must exist in `defaults` (at the top level, or be one the chart's
 * templates read without a default: `templateKeys`); below a key whose default is an empty map
 * anything goes (such maps are free-form: labels, annotations, env, ...).
 */
function unknownValuePaths(values: JsonObject, defaults: JsonObject, path: string, templateKeys: readonly string[] = []): SchemaProblem[] {
    return Object.entries(values).flatMap(([key, value]) => {
        const here = childPath(path, key);
        if (templateKeys.includes(key) && !(key in defaults)) return [];
        if (!(key in defaults)) return [{ path: here, message: "not a value of this chart (no default in its values.yaml)" }];
        return valueAgainstDefault(value, defaults[key], here);
    });
}

/**
 * Maps whose keys belong to another API than the chart's values, so that their defaults name only a
 * few: istiod's `meshConfig` is Istio's MeshConfig ("See https://istio.io/docs/reference/config/istio.mesh.v1alpha1/
 * for all available options", its values.yaml), rendered whole into the mesh ConfigMap.
 */
const OTHER_API_MAPS = new Set(["$.meshConfig"]);

function valueAgainstDefault(value: unknown, fallback: unknown, path: string): SchemaProblem[] {
    if (OTHER_API_MAPS.has(path)) return isPlainObject(value) ? [] : [{ path, message: `is ${shapeOf(value)}; the chart expects a map` }];
    if (isPlainObject(fallback)) {
        if (!isPlainObject(value)) return [{ path, message: `is ${shapeOf(value)}; the chart expects a map` }];
        return Object.keys(fallback).length === 0 ? [] : unknownValuePaths(value, fallback, path);
    }
    // The templates render a list default with toYaml into a list field: anything else breaks the manifest.
    if (Array.isArray(fallback) && !Array.isArray(value) && value !== null)
        return [{ path, message: `is ${shapeOf(value)}; the chart expects a list` }];
    if (isPlainObject(value) && fallback !== null) return [{ path, message: `is a map; the chart's default is ${shapeOf(fallback)}` }];
    return [];
}

// ---------------------------------------------------------------------------------------------

/** The upstream schemas under one fixture root; every schema is compiled on first use, then cached. */
export class UpstreamSchemas {
    private readonly crdAjv = crdAjv();
    /** CRD schemas by `apiVersion/kind`: cert-manager's. */
    private readonly crds = new Map<string, JsonObject>();
    /** Gateway API CRD schemas, by bundle release ("v1.6.1"), then `apiVersion/kind`. */
    private readonly gatewayApiCrds = new Map<string, Map<string, JsonObject>>();
    /** Istio's CRD schemas, by Istio minor version, then `apiVersion/kind`. */
    private readonly istioCrds = new Map<string, Map<string, JsonObject>>();
    private readonly compiled = new Map<string, ValidateFunction>();
    private readonly charts: Map<string, ChartFixture>;

    constructor(public readonly root: string) {
        for (const path of FIXTURE_PATHS.crds) this.indexCrds(path, this.crds);
        for (const [version, paths] of Object.entries(FIXTURE_PATHS.gatewayApiBundles)) {
            const crds = new Map<string, JsonObject>();
            for (const path of paths) this.indexCrds(path, crds);
            this.gatewayApiCrds.set(version, crds);
        }
        for (const set of ISTIO_FIXTURES) {
            const crds = new Map<string, JsonObject>();
            for (const path of this.istioPaths(set).crds) this.indexCrds(path, crds);
            this.istioCrds.set(set.minor, crds);
        }
        const istioChart = (validate: ChartFixture["validate"]): ChartFixture => ({ setFor: istioFixturesFor, validate });
        this.charts = new Map<string, ChartFixture>([
            [
                "cert-manager",
                {
                    setFor: certManagerFixturesFor,
                    validate: (set, values) => this.schemaValidator(`cert-manager:${set.minor}`, () => this.certManagerSchema())(values),
                },
            ],
            [
                "gateway",
                istioChart((set, values) => this.schemaValidator(`gateway:${set.minor}`, () => this.istioGatewaySchema(set))(values)),
            ],
            [
                "base",
                istioChart((set, values) =>
                    this.defaultsValidator("base", this.istioPaths(set).valuesDefaults.base, TEMPLATE_ONLY_KEYS[set.minor]?.base)(values),
                ),
            ],
            [
                "istiod",
                istioChart((set, values) =>
                    this.defaultsValidator(
                        "istiod",
                        this.istioPaths(set).valuesDefaults.istiod,
                        TEMPLATE_ONLY_KEYS[set.minor]?.istiod,
                    )(values),
                ),
            ],
        ]);
    }

    /**
     * `apiVersion/kind` pairs the fixtures hold a schema for (served versions only), with Istio's of
     * the given version and the Gateway API's of the given bundle release.
     */
    customResourceTypes(istioVersion = DEFAULT_ISTIO_VERSION, gatewayApiBundle = NEWEST_BUNDLE): string[] {
        const istioSet = istioFixturesFor(istioVersion);
        return [
            ...this.crds.keys(),
            ...(this.gatewayApiCrds.get(gatewayApiBundle)?.keys() ?? []),
            ...(istioSet ? (this.istioCrds.get(istioSet.minor)?.keys() ?? []) : []),
        ];
    }

    /**
     * The openAPIV3Schema of a served CRD version, as `apiVersion/kind` of customResourceTypes names
     * it; Istio's from the fixtures of `istioVersion`'s minor, the Gateway API's from `gatewayApiBundle`.
     */
    crdSchema(
        apiVersion: string,
        kind: string,
        istioVersion = DEFAULT_ISTIO_VERSION,
        gatewayApiBundle = NEWEST_BUNDLE,
    ): JsonObject | undefined {
        const group = groupOf(apiVersion);
        if (group === GATEWAY_API_GROUP) return this.gatewayApiCrds.get(gatewayApiBundle)?.get(`${apiVersion}/${kind}`);
        if (!isIstioGroup(group)) return this.crds.get(`${apiVersion}/${kind}`);
        const set = istioFixturesFor(istioVersion);
        return set === undefined ? undefined : this.istioCrds.get(set.minor)?.get(`${apiVersion}/${kind}`);
    }

    /**
     * Checks a custom resource against its CRD; Istio's against the CRDs of `istioVersion`'s minor,
     * the Gateway API's against the standard channel of `gatewayApiBundle` (a release of the fixtures).
     */
    validateCustomResource(object: JsonObject, istioVersion = DEFAULT_ISTIO_VERSION, gatewayApiBundle = NEWEST_BUNDLE): SchemaProblem[] {
        const { apiVersion, kind } = object;
        if (typeof apiVersion !== "string" || typeof kind !== "string")
            return [{ path: "$", message: "apiVersion and kind must be strings" }];
        const group = groupOf(apiVersion);
        if (BUILT_IN_GROUPS.has(group)) return [];
        const key = `${apiVersion}/${kind}`;
        let crds = this.crds;
        let compiledKey = `crd:${key}`;
        if (group === GATEWAY_API_GROUP) {
            const bundle = this.gatewayApiCrds.get(gatewayApiBundle);
            if (bundle === undefined) {
                return [
                    {
                        path: "$",
                        message: `no Gateway API fixtures for ${gatewayApiBundle} (have ${GATEWAY_API_BUNDLE_VERSIONS.join(", ")})`,
                    },
                ];
            }
            crds = bundle;
            compiledKey = `crd:${gatewayApiBundle}:${key}`;
        } else if (isIstioGroup(group)) {
            const set = istioFixturesFor(istioVersion);
            if (set === undefined) return [{ path: "$", message: this.noIstioFixtures(istioVersion) }];
            crds = this.istioCrds.get(set.minor) ?? new Map<string, JsonObject>();
            compiledKey = `crd:${set.minor}:${key}`;
        }
        const schema = crds.get(key);
        if (schema === undefined) {
            return [
                {
                    path: "$",
                    message: `no served CRD for ${apiVersion} ${kind} among the fixtures (${this.customResourceTypes(istioVersion, gatewayApiBundle).join(", ")})`,
                },
            ];
        }
        return [
            ...problemsOf(
                this.compileOnce(compiledKey, () => this.crdAjv.compile(crdValidationSchema(schema))),
                object,
            ),
            ...celRuleProblems(schema, object),
        ];
    }

    /** Checks the values against the chart's schema or defaults in the fixtures of the chart version's minor. */
    validateChartValues(chartName: string, version: string, values: JsonObject): SchemaProblem[] {
        const fixture = this.charts.get(chartName);
        if (fixture === undefined)
            return [{ path: "$", message: `no fixtures for chart ${chartName} (known: ${[...this.charts.keys()].join(", ")})` }];
        const set = fixture.setFor(version);
        if (set === undefined) {
            const have = (ISTIO_CHARTS.has(chartName) ? ISTIO_FIXTURES : [CERT_MANAGER_FIXTURES]).map((s) => s.minor).join(", ");
            return [
                {
                    path: "$",
                    message: `chart ${chartName} ${version}, but the fixtures are for ${have}: add its minor's (tools/schemas/sources.ts, npm run schemas:fetch)`,
                },
            ];
        }
        return fixture.validate(set, values);
    }

    /** The Istio version a synth result installs (its `base` chart's), else the default. */
    istioVersionOf(result: SynthResult): string {
        const base = result.resources.find(
            (r) => r.type === HELM_RELEASE_TYPE && typeof r.inputs.chart === "string" && chartNameOf(r.inputs.chart) === "base",
        );
        return typeof base?.inputs.version === "string" ? base.inputs.version : DEFAULT_ISTIO_VERSION;
    }

    /** The Istio fixture set a synth result is checked against. */
    istioFixturesOf(result: SynthResult): FixtureSet | undefined {
        return istioFixturesFor(this.istioVersionOf(result));
    }

    private noIstioFixtures(version: string): string {
        return `no Istio fixtures for ${version} (have ${ISTIO_FIXTURES.map((set) => set.minor).join(", ")}): add its minor's (tools/schemas/sources.ts, npm run schemas:fetch)`;
    }

    private istioPaths(set: FixtureSet): IstioFixturePaths {
        return FIXTURE_PATHS.istio[set.minor];
    }

    validateRelease(resource: SynthResource): SchemaProblem[] {
        const { chart, version, values } = resource.inputs;
        if (typeof chart !== "string" || typeof version !== "string") return [{ path: "$", message: "chart and version must be strings" }];
        return this.validateChartValues(chartNameOf(chart), version, isPlainObject(values) ? values : {});
    }

    /**
     * Every problem of every declared object and Helm release, as "resource (what): path: message".
     * A Gateway API object is checked against every bundle release of the fixtures (it must work on
     * the oldest a supported Istio minor installs as on the newest), its problems naming the release.
     */
    problemsOf(result: SynthResult): string[] {
        const istioVersion = this.istioVersionOf(result);
        return result.resources.flatMap((resource) => {
            if (resource.type === HELM_RELEASE_TYPE && !resource.external) {
                return this.validateRelease(resource).map(
                    (p) => `${resource.name} (chart ${String(resource.inputs.chart)}): ${p.path}: ${p.message}`,
                );
            }
            return declaredObjects([resource]).flatMap((object) => {
                const label = `${String(object.kind)} ${String((object.metadata as JsonObject | undefined)?.name)}`;
                if (typeof object.apiVersion === "string" && groupOf(object.apiVersion) === GATEWAY_API_GROUP) {
                    return GATEWAY_API_BUNDLE_VERSIONS.flatMap((bundle) =>
                        this.validateCustomResource(object, istioVersion, bundle).map(
                            (p) => `${resource.name} (${label}, Gateway API ${bundle}): ${p.path}: ${p.message}`,
                        ),
                    );
                }
                return this.validateCustomResource(object, istioVersion).map((p) => `${resource.name} (${label}): ${p.path}: ${p.message}`);
            });
        });
    }

    assertMatchesUpstream(result: SynthResult): void {
        const problems = this.problemsOf(result);
        if (problems.length > 0) {
            throw new Error(
                `${result.stack}: ${problems.length} problem(s) against the upstream schemas (${this.istioFixturesOf(result)?.label ?? "no Istio fixtures"}) in ${this.root}:\n  ${problems.join("\n  ")}`,
            );
        }
    }

    private indexCrds(path: string, into: Map<string, JsonObject>): void {
        for (const document of parseAllDocuments(readFileSync(join(this.root, path), "utf8"))) {
            const crd = document.toJS() as Crd | null;
            if (crd?.kind !== "CustomResourceDefinition") continue;
            for (const version of crd.spec.versions) {
                const schema = version.schema?.openAPIV3Schema;
                if (version.served && schema) into.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, schema);
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

    private schemaValidator(key: string, compile: () => ValidateFunction): (values: JsonObject) => SchemaProblem[] {
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
    private istioGatewaySchema(set: FixtureSet): ValidateFunction {
        const { $schema: _latestDraft, ...schema } = this.readJson(this.istioPaths(set).gatewayValuesSchema);
        void _latestDraft;
        // strictTypes off: upstream gives service.ipFamilies `items` without `type: array`.
        const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
        // The schema's root has a "defaults" entry (a $ref to the values) that is no JSON Schema keyword.
        ajv.addKeyword("defaults");
        return ajv.compile(schema);
    }

    private readonly defaults = new Map<string, JsonObject>();

    private defaultsValidator(chart: string, path: string, templateKeys: readonly string[] = []): (values: JsonObject) => SchemaProblem[] {
        return (values) => {
            let defaults = this.defaults.get(path);
            if (defaults === undefined) {
                const text = readFileSync(join(this.root, path), "utf8");
                defaults = withCommentedValues(chart, (parseYaml(text) as JsonObject)[ISTIO_DEFAULTS_KEY] as JsonObject, text);
                this.defaults.set(path, defaults);
            }
            return unknownValuePaths(values, defaults, "$", templateKeys);
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

/**
 * For a mocha test or hook that needs the fixtures: the located schemas, or else the test (or the
 * suite, from a `before` hook) is reported pending, with the reason printed beside it.
 */
export function upstreamSchemasOrPending(context: Mocha.Context): UpstreamSchemas {
    const location = locateUpstream();
    if (!location.available) {
        console.log(`    pending: ${location.reason}`);
        context.skip();
    }
    return upstreamSchemas(location.root);
}

export const validateCustomResource = (object: JsonObject, istioVersion?: string): SchemaProblem[] =>
    upstreamSchemas().validateCustomResource(object, istioVersion);
export const validateChartValues = (chartName: string, version: string, values: JsonObject): SchemaProblem[] =>
    upstreamSchemas().validateChartValues(chartName, version, values);
/** Throws one error listing every problem of every declared object and Helm release in `result`. */
export const assertMatchesUpstream = (result: SynthResult): void => upstreamSchemas().assertMatchesUpstream(result);
