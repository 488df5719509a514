/**
 * Pass-through chart values (`istio.values.<chart>`, `certManager.values`): their shape for the
 * schema, and the checks that need the rest of the config (the chart versions, the credentials mode,
 * the API).
 */
import { z } from "zod";
import { chartValueProblems } from "../chartValues/check";
import { ChartName, ISTIO_CHARTS } from "../chartValues/charts";
import { isPlainMap } from "../helm";
import { ownedKeyProblems } from "../chartValues/owned";
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
    credentialsMode: CredentialsMode,
): Issue[] {
    const owned = ownedKeyProblems(chart, values, { credentialsMode });
    const ownedPaths = owned.map((problem) => problem.path.join("\0"));
    // An owned key is reported as such, not again as whatever the chart thinks of its value.
    const underOwned = (path: string[]) => ownedPaths.some((owner) => `${path.join("\0")}\0`.startsWith(`${owner}\0`));
    const refused = (chartValueProblems(chart, version, values) ?? []).filter((problem) => !underOwned(problem.path));
    // Each message names the value where it matters.
    return [...owned, ...refused].map((problem) => ({ path: [...at, ...problem.path], message: problem.message, showValue: false }));
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
        issues.push(...chartIssues(chart, istioVersion, values, ["istio", "values", chart], credentialsMode));
    }

    const certManagerValues = field(raw.certManager, "values");
    if (isPlainMap(certManagerValues)) {
        const version = versionOf(raw.certManager, DEFAULT_CERT_MANAGER_VERSION);
        issues.push(...chartIssues("cert-manager", version, certManagerValues, ["certManager", "values"], credentialsMode));
    }
    return issues;
}
