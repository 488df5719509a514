/**
 * Every long-running workload a synth result deploys: what its Helm releases render
 * (chartWorkloads.ts) and what istiod deploys for its Kubernetes Gateways (gatewayApiWorkloads.ts).
 */
import type { SynthResult } from "../../tools/synth/engine";
import { ChartDefaults, chartWorkloads, ChartWorkload } from "./chartWorkloads";
import { gatewayApiWorkloads } from "./gatewayApiWorkloads";

export function deployedWorkloads(result: SynthResult, defaults: ChartDefaults): ChartWorkload[] {
    const charts = chartWorkloads(result, defaults);
    const istiod = charts.find((workload) => workload.source.startsWith("istiod"));
    return [...charts, ...gatewayApiWorkloads(result, defaults, istiod?.name ?? "istiod")];
}
