/**
 * Pass-through chart values (`istio.values.<chart>`, `certManager.values`): their shape for the
 * schema, and the checks that need the rest of the config (the chart versions, the credentials mode,
 * the API).
 */
import { z } from "zod";
import { chartValueProblems } from "../chartValues/check";
import { ChartName, ISTIO_CHARTS } from "../chartValues/charts";
import { isPlainMap, mergeChartValues } from "../helm";
import { OwnedKeyContext, ownedKeyProblems } from "../chartValues/owned";
import { gatewayStatusPortProblems } from "../chartValues/statusPort";
import { certManagerHighAvailabilityValues } from "../certManager/highAvailability";
import { istioGatewayHighAvailabilityValues } from "../istio/highAvailability";
import { CredentialsMode, IstioApi } from "../enums";
import { DEFAULT_CERT_MANAGER_VERSION, DEFAULT_ISTIO_VERSION } from "./defaults";
import { field, Issue } from "./raw";

/** A chart's values: a map, whose keys the cross check below holds against the chart. */
export const chartValuesShape = z.record(z.string(), z.unknown());

export const istioValuesShape = z.strictObject({
    base: chartValuesShape.optional(),
    istiod: chartValuesShape.optional(),
    gateway: chartValuesShape.optional(),
});

function versionOf(section: unknown, fallback: string): string {
    const version = field(section, "version");
    return typeof version === "string" ? version : fallback;
}

/** Problems of one chart's values: keys the component sets, then what the chart does not take. */
function chartIssues(
    chart: ChartName,
    version: string,
    values: Record<string, unknown>,
    at: Array<string | number>,
    context: OwnedKeyContext,
    highAvailability: boolean,
): Issue[] {
    const owned = ownedKeyProblems(chart, values, context);
    const ownedPaths = owned.map((problem) => problem.path.join("\0"));
    // An owned key is reported as such, not again as whatever the chart thinks of its value.
    const underOwned = (path: string[]) => ownedPaths.some((owner) => `${path.join("\0")}\0`.startsWith(`${owner}\0`));
    const refused = (chartValueProblems(chart, version, values) ?? []).filter((problem) => !underOwned(problem.path));
    // Each message names the value where it matters.
    const statusPort = chart === "gateway" ? gatewayStatusPortProblems(values) : [];
    return [...owned, ...refused, ...statusPort, ...budgetIssues(chart, values, highAvailability)].map((problem) => ({
        path: [...at, ...problem.path],
        message: problem.message,
        showValue: false,
    }));
}

type ChartValueIssue = { path: string[]; message: string };

/** Where each chart takes a PodDisruptionBudget's spec from values, rendering both budget fields when both are set. */
const BUDGETS: Partial<Record<ChartName, string[][]>> = {
    // templates/poddisruptionbudget.yaml: the whole map, `toYaml`.
    gateway: [["podDisruptionBudget"]],
    // templates/{,webhook-,cainjector-}poddisruptionbudget.yaml: each field `hasKey` finds.
    "cert-manager": [["podDisruptionBudget"], ["webhook", "podDisruptionBudget"], ["cainjector", "podDisruptionBudget"]],
};

/** The component's own budgets of a chart: the production defaults (`highAvailability`) set `maxUnavailable`. */
function ownBudgets(chart: ChartName, highAvailability: boolean): Record<string, unknown> {
    if (!highAvailability) return {};
    if (chart === "gateway") return istioGatewayHighAvailabilityValues({});
    return chart === "cert-manager" ? certManagerHighAvailabilityValues() : {};
}

const valueAt = (root: unknown, path: readonly string[]) =>
    path.reduce<unknown>((node, key) => (isPlainMap(node) ? node[key] : undefined), root);

/**
 * A PodDisruptionBudget takes `minAvailable` or `maxUnavailable`, never both ("minAvailable and
 * maxUnavailable cannot be both set": Kubernetes pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec),
 * and these charts render whatever the merged values hold. Your `minAvailable` over the production
 * defaults' `maxUnavailable` would fail the release at deploy time; `null` drops ours.
 */
function budgetIssues(chart: ChartName, values: Record<string, unknown>, highAvailability: boolean): ChartValueIssue[] {
    const merged = mergeChartValues(ownBudgets(chart, highAvailability), values);
    return (BUDGETS[chart] ?? []).flatMap((path) => {
        const budget = valueAt(merged, path);
        const set = (key: string) => isPlainMap(budget) && budget[key] !== undefined && budget[key] !== null;
        if (!set("minAvailable") || !set("maxUnavailable")) return [];
        const yours = valueAt(values, path);
        const yoursSet = (key: string) => isPlainMap(yours) && yours[key] !== undefined && yours[key] !== null;
        if (yoursSet("minAvailable") && yoursSet("maxUnavailable")) {
            return [{ path, message: "sets both minAvailable and maxUnavailable; a PodDisruptionBudget takes one of them" }];
        }
        const [mine, theirs] = yoursSet("minAvailable") ? ["minAvailable", "maxUnavailable"] : ["maxUnavailable", "minAvailable"];
        return [
            {
                path: [...path, mine],
                message: `is set beside the component's ${theirs} (the production defaults'); a PodDisruptionBudget takes one of them: add ${theirs}: null`,
            },
        ];
    });
}

/**
 * Checks the pass-through values of every chart against the chart version the stack installs (when
 * the component knows that minor's values; see docs/chart-values.md) and refuses the keys the
 * component sets itself, naming the config key that does. Reads the raw config: a version or mode
 * invalid on its own is reported by the schema, and its chart's values are then held against the default.
 */
export function crossCheckChartValues(raw: Record<string, unknown>): Issue[] {
    const issues: Issue[] = [];
    const mode = field(field(raw.route53, "credentials"), "mode");
    const credentialsMode = Object.values(CredentialsMode).find((candidate) => candidate === mode) ?? CredentialsMode.AccessKey;
    const highAvailability = raw.highAvailability !== false;
    const api = field(raw.istio, "api") === IstioApi.GatewayApi ? IstioApi.GatewayApi : IstioApi.Istio;
    const context: OwnedKeyContext = { credentialsMode, api };

    const istioValues = field(raw.istio, "values");
    const istioVersion = versionOf(raw.istio, DEFAULT_ISTIO_VERSION);
    for (const chart of ISTIO_CHARTS) {
        const values = field(istioValues, chart);
        if (!isPlainMap(values)) continue;
        if (chart === "gateway" && field(raw.istio, "api") === IstioApi.GatewayApi) {
            issues.push({
                path: ["istio", "values", chart],
                message: `applies only with istio.api: "${IstioApi.Istio}" (with the Gateway API istiod deploys each Gateway; there is no gateway chart)`,
            });
            continue;
        }
        issues.push(...chartIssues(chart, istioVersion, values, ["istio", "values", chart], context, highAvailability));
    }

    const certManagerValues = field(raw.certManager, "values");
    if (isPlainMap(certManagerValues)) {
        const version = versionOf(raw.certManager, DEFAULT_CERT_MANAGER_VERSION);
        issues.push(...chartIssues("cert-manager", version, certManagerValues, ["certManager", "values"], context, highAvailability));
    }
    return issues;
}
