/** The Helm charts the component installs, whose values a stack may extend. */
export const CHARTS = ["base", "istiod", "gateway", "cert-manager"] as const;
export type ChartName = (typeof CHARTS)[number];

/** Istio's charts, in `istio.values`. */
export const ISTIO_CHARTS = ["base", "istiod", "gateway"] as const satisfies readonly ChartName[];
export type IstioChartName = (typeof ISTIO_CHARTS)[number];

/** How messages name a chart: "Istio's gateway chart", "the cert-manager chart". */
export function chartTitle(chart: ChartName): string {
    return chart === "cert-manager" ? "the cert-manager chart" : `Istio's ${chart} chart`;
}

/** "1.31.1" -> "1.31", "v1.21.1" -> "v1.21": chart value keys change in minor releases, not patches. */
export function chartMinor(version: string): string | undefined {
    return /^(v?\d+\.\d+)\.\d+(-[0-9A-Za-z.-]+)?$/.exec(version)?.[1];
}
