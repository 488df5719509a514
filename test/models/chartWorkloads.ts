/**
 * The workloads our Helm releases run, as each chart renders them from the values we emit: replicas
 * (Deployment `replicas`, or the HPA's `minReplicas` it sits at when idle), the PodDisruptionBudget,
 * pod labels, topology spread and requests. The drain model (drain.ts) runs them.
 *
 * Each chart is modelled from its templates at the version the fixtures hold, and reads its
 * defaults from the fixture `values.yaml` (../shared/upstream):
 * - Helm merges the release's values over the chart's `values.yaml` (maps key by key, anything
 *   else replaced, `null` deletes; helm pkg/chart/util/coalesce.go). Istio's charts keep their
 *   defaults under `_internal_defaults_do_not_set` and merge the release's values over them the same
 *   way (`mustMergeOverwrite` in templates/zzz_profile.yaml).
 * - istio/istio manifests/charts/istio-control/istio-discovery/templates/ (tag 1.30.3 and
 *   release-1.31, same logic): deployment.yaml (no `replicas` while `autoscaleEnabled`),
 *   autoscale.yaml (an HPA when `autoscaleEnabled`, `autoscaleMin` and `autoscaleMax`),
 *   poddisruptionbudget.yaml (only when `global.defaultPodDisruptionBudget.enabled` and
 *   `autoscaleMin` (or `replicaCount` without autoscaling) is above 1; `minAvailable` when
 *   `pdb.minAvailable` is set and `pdb` has no `maxUnavailable` key, else `maxUnavailable` when set;
 *   selector `app: istiod`, `istio: pilot`).
 * - istio/istio manifests/charts/gateway/templates/ (same versions): deployment.yaml (no `replicas`
 *   while `autoscaling.enabled`), hpa.yaml, poddisruptionbudget.yaml (only when
 *   `podDisruptionBudget` is not empty and the HPA minimum (or `replicaCount`) is above 1; its spec
 *   is the selector plus `podDisruptionBudget` as given), _helpers.tpl (`app: <name>`,
 *   `istio: <name without "istio-">`).
 * - cert-manager/cert-manager deploy/charts/cert-manager/templates/ (tag v1.21.1): deployment.yaml,
 *   webhook-deployment.yaml, cainjector-deployment.yaml (`replicas: <replicaCount>`), and the three
 *   *poddisruptionbudget.yaml (when `enabled`; `minAvailable: 1` when neither key is given, else each
 *   key given, both if both are).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { CERT_MANAGER_FIXTURES, certManagerFixturesFor, istioFixturesFor } from "../../tools/schemas/sources";
import type { SynthResource, SynthResult } from "../../tools/synth/engine";
import type { Workload } from "./drain";
import type { IntOrString, PodDisruptionBudget } from "./evictionApi";

type Values = Record<string, unknown>;

const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
const ISTIO_DEFAULTS_KEY = "_internal_defaults_do_not_set";

/** What the drain model runs, and what the production checks read of each workload. */
export interface ChartWorkload extends Workload {
    /** The chart and release it comes from, e.g. "istiod (release istiod)". */
    source: string;
    /** Its HPA's bounds, when it has one. */
    autoscaling?: { min: number; max: number };
    /** `topologySpreadConstraints` of its pod template. */
    spread: Array<Record<string, unknown>>;
    /** `resources.requests` of its main container. */
    requests: Record<string, unknown>;
}

function isMap(value: unknown): value is Values {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Helm's coalesce of release values over chart defaults: maps merge, a `null` deletes, anything else replaces. */
export function helmMerge(defaults: Values, values: Values): Values {
    const merged: Values = { ...defaults };
    for (const [key, value] of Object.entries(values)) {
        if (value === null) delete merged[key];
        else merged[key] = isMap(merged[key]) && isMap(value) ? helmMerge(merged[key], value) : value;
    }
    return merged;
}

/** Go template truthiness (`if`, `and`, `or`): false, 0, "", nil and empty maps and lists are false. */
export function truthy(value: unknown): boolean {
    if (value === undefined || value === null || value === false || value === 0 || value === "") return false;
    if (Array.isArray(value)) return value.length > 0;
    if (isMap(value)) return Object.keys(value).length > 0;
    return true;
}

/** Helm's `int`: a number truncated, a numeric string parsed, anything else 0. */
function helmInt(value: unknown): number {
    if (typeof value === "number") return Math.trunc(value);
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
    return 0;
}

function at(values: Values, path: string): unknown {
    return path.split(".").reduce<unknown>((node, key) => (isMap(node) ? node[key] : undefined), values);
}

function mapAt(values: Values, path: string): Values {
    const node = at(values, path);
    return isMap(node) ? node : {};
}

function listAt(values: Values, path: string): Array<Record<string, unknown>> {
    const node = at(values, path);
    return Array.isArray(node) ? (node as Array<Record<string, unknown>>) : [];
}

function stringMap(node: unknown): Record<string, string> {
    return isMap(node) ? Object.fromEntries(Object.entries(node).map(([key, value]) => [key, String(value)])) : {};
}

function intOrString(value: unknown): IntOrString | undefined {
    return typeof value === "number" || typeof value === "string" ? value : undefined;
}

/** The chart defaults (`values.yaml`) of the fixtures, read once per file. */
export class ChartDefaults {
    private readonly cache = new Map<string, Values>();

    constructor(private readonly root: string) {}

    /** Istio's `istiod` or `gateway` chart of `version`'s minor: the defaults under `_internal_defaults_do_not_set`. */
    istio(chart: "istiod" | "gateway", version: string): Values {
        const set = istioFixturesFor(version);
        if (set === undefined) throw new Error(`no Istio fixtures for ${version}`);
        return mapAt(this.read(`${set.dir}/charts/${chart}/values.yaml`), ISTIO_DEFAULTS_KEY);
    }

    certManager(version: string): Values {
        if (certManagerFixturesFor(version) === undefined) throw new Error(`no cert-manager fixtures for ${version}`);
        return this.read(`${CERT_MANAGER_FIXTURES.dir}/values.yaml`);
    }

    private read(path: string): Values {
        let values = this.cache.get(path);
        if (values === undefined) {
            values = parseYaml(readFileSync(join(this.root, path), "utf8")) as Values;
            this.cache.set(path, values);
        }
        return values;
    }
}

function releaseOf(resource: SynthResource): { chart: string; name: string; namespace: string; version: string; values: Values } {
    const { chart, name, namespace, version, values } = resource.inputs;
    return {
        chart: String(chart).replace(/\/+$/, "").split("/").pop() ?? String(chart),
        name: String(name),
        namespace: String(namespace),
        version: String(version),
        values: isMap(values) ? values : {},
    };
}

/** istiod, as its chart renders it (revision "": selector `app: istiod`, `istio: pilot`). */
function istiodWorkload(release: ReturnType<typeof releaseOf>, defaults: ChartDefaults): ChartWorkload {
    const values = helmMerge(defaults.istio("istiod", release.version), release.values);
    const autoscale = truthy(values.autoscaleEnabled) && truthy(values.autoscaleMin) && truthy(values.autoscaleMax);
    const replicas = autoscale ? helmInt(values.autoscaleMin) : truthy(values.replicaCount) ? helmInt(values.replicaCount) : 1;
    const enoughReplicas = truthy(values.autoscaleEnabled) ? helmInt(values.autoscaleMin) > 1 : helmInt(values.replicaCount) > 1;
    const pdb = mapAt(values, "pdb");
    const budgets: PodDisruptionBudget[] = [];
    if (truthy(at(values, "global.defaultPodDisruptionBudget.enabled")) && enoughReplicas) {
        const useMin = truthy(pdb.minAvailable) && !("maxUnavailable" in pdb);
        budgets.push({
            name: "istiod",
            namespace: release.namespace,
            selector: { app: "istiod", istio: "pilot" },
            ...(useMin ? { minAvailable: intOrString(pdb.minAvailable) } : {}),
            ...(!useMin && truthy(pdb.maxUnavailable) ? { maxUnavailable: intOrString(pdb.maxUnavailable) } : {}),
            ...(truthy(pdb.unhealthyPodEvictionPolicy) ? { unhealthyPodEvictionPolicy: String(pdb.unhealthyPodEvictionPolicy) } : {}),
        });
    }
    return {
        name: `${release.namespace}/istiod`,
        source: `istiod (release ${release.name})`,
        namespace: release.namespace,
        replicas,
        podLabels: {
            app: "istiod",
            "istio.io/rev": "default",
            istio: "pilot",
            "app.kubernetes.io/name": "istiod",
            ...stringMap(values.podLabels),
        },
        budgets,
        keepsServing: true,
        autoscaling: autoscale ? { min: helmInt(values.autoscaleMin), max: helmInt(values.autoscaleMax) } : undefined,
        spread: listAt(values, "topologySpreadConstraints"),
        requests: mapAt(values, "resources.requests"),
    };
}

/** The ingress gateway of Istio's `gateway` chart; its pods are injected and configured by istiod. */
function istioGatewayWorkload(release: ReturnType<typeof releaseOf>, defaults: ChartDefaults, istiod: string): ChartWorkload {
    const values = helmMerge(defaults.istio("gateway", release.version), release.values);
    if ((values.kind ?? "Deployment") !== "Deployment") throw new Error(`gateway kind ${String(values.kind)} is not modelled`);
    const name = truthy(values.name) ? String(values.name) : release.name;
    const labels = stringMap(values.labels);
    const selector = { app: labels.app ?? name, istio: labels.istio ?? name.replace(/^istio-/, "") };
    const autoscaling = mapAt(values, "autoscaling");
    const autoscale = truthy(autoscaling.enabled);
    const replicas = autoscale ? helmInt(autoscaling.minReplicas) : values.replicaCount == null ? 1 : helmInt(values.replicaCount);
    const enoughReplicas = autoscale ? helmInt(autoscaling.minReplicas) > 1 : helmInt(values.replicaCount) > 1;
    const pdb = mapAt(values, "podDisruptionBudget");
    const budgets: PodDisruptionBudget[] = [];
    if (truthy(pdb) && enoughReplicas) {
        // `toYaml .Values.podDisruptionBudget`: every key as given.
        budgets.push({
            name,
            namespace: release.namespace,
            selector,
            ...("minAvailable" in pdb ? { minAvailable: intOrString(pdb.minAvailable) } : {}),
            ...("maxUnavailable" in pdb ? { maxUnavailable: intOrString(pdb.maxUnavailable) } : {}),
            ...("unhealthyPodEvictionPolicy" in pdb ? { unhealthyPodEvictionPolicy: String(pdb.unhealthyPodEvictionPolicy) } : {}),
        });
    }
    const otherLabels = Object.fromEntries(Object.entries(labels).filter(([key]) => key !== "app" && key !== "istio"));
    return {
        name: `${release.namespace}/${name}`,
        source: `gateway (release ${release.name})`,
        namespace: release.namespace,
        replicas,
        podLabels: { "sidecar.istio.io/inject": "true", ...selector, "app.kubernetes.io/name": name, ...otherLabels },
        budgets,
        keepsServing: true,
        admittedBy: istiod,
        configuredBy: istiod,
        autoscaling: autoscale ? { min: helmInt(autoscaling.minReplicas), max: helmInt(autoscaling.maxReplicas) } : undefined,
        spread: listAt(values, "topologySpreadConstraints"),
        requests: mapAt(values, "resources.requests"),
    };
}

/** The controller (values at the top level), webhook and cainjector of the cert-manager chart. */
function certManagerWorkloads(release: ReturnType<typeof releaseOf>, defaults: ChartDefaults): ChartWorkload[] {
    const values = helmMerge(defaults.certManager(release.version), release.values);
    const parts = [
        { key: undefined, name: truthy(values.nameOverride) ? String(values.nameOverride) : "cert-manager", component: "controller" },
        { key: "webhook", name: "webhook", component: "webhook" },
        { key: "cainjector", name: "cainjector", component: "cainjector" },
    ];
    return parts.flatMap(({ key, name, component }): ChartWorkload[] => {
        const own = key === undefined ? values : mapAt(values, key);
        if (key === "cainjector" && !truthy(own.enabled)) return [];
        const deployment = key === undefined ? release.name : `${release.name}-${key}`;
        const selector = {
            "app.kubernetes.io/name": name,
            "app.kubernetes.io/instance": release.name,
            "app.kubernetes.io/component": component,
        };
        const pdb = mapAt(own, "podDisruptionBudget");
        const budgets: PodDisruptionBudget[] = [];
        if (truthy(pdb.enabled)) {
            const neither = !("minAvailable" in pdb) && !("maxUnavailable" in pdb);
            budgets.push({
                name: deployment,
                namespace: release.namespace,
                selector,
                ...(neither ? { minAvailable: 1 } : {}),
                ...("minAvailable" in pdb ? { minAvailable: intOrString(pdb.minAvailable) } : {}),
                ...("maxUnavailable" in pdb ? { maxUnavailable: intOrString(pdb.maxUnavailable) } : {}),
                ...(truthy(pdb.unhealthyPodEvictionPolicy) ? { unhealthyPodEvictionPolicy: String(pdb.unhealthyPodEvictionPolicy) } : {}),
            });
        }
        return [
            {
                name: `${release.namespace}/${deployment}`,
                source: `cert-manager ${component} (release ${release.name})`,
                namespace: release.namespace,
                replicas: helmInt(own.replicaCount),
                podLabels: { app: name, ...selector, ...stringMap(own.podLabels) },
                budgets,
                keepsServing: component === "webhook",
                spread: listAt(own, "topologySpreadConstraints"),
                requests: mapAt(own, "resources.requests"),
            },
        ];
    });
}

/** Every long-running workload of the Helm releases in `result`, as the charts render them. */
export function chartWorkloads(result: SynthResult, defaults: ChartDefaults): ChartWorkload[] {
    const releases = result.resources.filter((r) => r.type === HELM_RELEASE_TYPE && !r.external).map(releaseOf);
    const istiod = releases.filter((release) => release.chart === "istiod").map((release) => istiodWorkload(release, defaults));
    const gateways = releases
        .filter((release) => release.chart === "gateway")
        .map((release) => istioGatewayWorkload(release, defaults, istiod[0]?.name ?? "istiod"));
    const certManager = releases
        .filter((release) => release.chart === "cert-manager")
        .flatMap((release) => certManagerWorkloads(release, defaults));
    return [...istiod, ...gateways, ...certManager];
}
