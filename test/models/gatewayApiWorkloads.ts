/**
 * What istiod deploys for each Kubernetes Gateway of class `istio`, as its gateway deployment
 * controller does it (istio/istio pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go,
 * identical in this respect at 1.30.3 and release-1.31):
 * - `fetchParameters`: `spec.infrastructure.parametersRef` must name a core ConfigMap ("unknown
 *   infrastructure parameters type" otherwise), looked up in the Gateway's own namespace;
 *   `render` fails ("parametersRef targeting configmap ..., but configmap does not exist") without it.
 * - `applyOverlay`: the ConfigMap's keys must be `deployment`, `service`, `serviceAccount`,
 *   `horizontalPodAutoscaler` or `podDisruptionBudget` ("unsupported overlay" otherwise); each is a
 *   YAML strategic merge patch over the object istiod's template renders; the HPA and the
 *   PodDisruptionBudget are not rendered at all without their key (`requiredOverlays`).
 * - The template (istiod chart files/kube-gateway.yaml): a Deployment `<gateway>-<class>` without
 *   `replicas` (so 1, or what its HPA holds), whose pods carry
 *   `gateway.networking.k8s.io/gateway-name: <gateway>` and run the container `istio-proxy` with
 *   the istiod chart's `global.proxy.resources`; an HPA with `maxReplicas: 1` and no `minReplicas`
 *   (1); a PodDisruptionBudget with only a selector on the gateway-name label.
 * The overlays here set no lists that strategic merge would merge by key other than `containers`
 * (by `name`), so a deep merge of maps is the patch's effect on the fields read.
 */
import { parse as parseYaml } from "yaml";
import type { SynthResult } from "../../tools/synth/engine";
import { declaredObjects } from "../../tools/synth/render";
import { ChartDefaults, ChartWorkload, helmMerge } from "./chartWorkloads";
import type { IntOrString, PodDisruptionBudget } from "./evictionApi";

type Values = Record<string, unknown>;

const SUPPORTED_OVERLAYS = ["deployment", "service", "serviceAccount", "horizontalPodAutoscaler", "podDisruptionBudget"];
const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";
const NAME_OVERRIDE_ANNOTATION = "gateway.istio.io/name-override";

const isMap = (value: unknown): value is Values => value !== null && typeof value === "object" && !Array.isArray(value);
const mapAt = (node: unknown, ...path: string[]): Values => {
    const found = path.reduce<unknown>((at, key) => (isMap(at) ? at[key] : undefined), node);
    return isMap(found) ? found : {};
};

interface KubeObject {
    kind?: string;
    metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
    spec?: Values;
    data?: Record<string, string>;
}

/** An overlay's YAML, parsed as istiod does (sigs.k8s.io/yaml, which reads JSON too). */
function overlay(data: Record<string, string>, key: string): Values | undefined {
    const text = data[key];
    if (text === undefined) return undefined;
    const parsed: unknown = parseYaml(text);
    if (!isMap(parsed)) throw new Error(`overlay ${key} is not a map`);
    return parsed;
}

/**
 * Each Gateway's Deployment, as istiod deploys it from `result`'s Gateways and their ConfigMaps;
 * `istiod` names the istiod workload that configures them.
 */
export function gatewayApiWorkloads(result: SynthResult, defaults: ChartDefaults, istiod: string): ChartWorkload[] {
    const objects = declaredObjects(result.resources) as unknown as KubeObject[];
    const istiodRelease = result.resources.find(
        (r) => r.type === "kubernetes:helm.sh/v3:Release" && String(r.inputs.chart).replace(/\/+$/, "").endsWith("/istiod"),
    );
    const istiodValues = istiodRelease
        ? helmMerge(defaults.istio("istiod", String(istiodRelease.inputs.version)), mapAt(istiodRelease.inputs, "values"))
        : {};
    const proxyRequests = mapAt(istiodValues, "global", "proxy", "resources", "requests");
    const configMaps = new Map(
        objects.filter((o) => o.kind === "ConfigMap").map((o) => [`${o.metadata.namespace ?? "default"}/${o.metadata.name}`, o.data ?? {}]),
    );

    return objects
        .filter((o) => o.kind === "Gateway" && o.spec?.gatewayClassName === "istio")
        .map((gateway): ChartWorkload => {
            const namespace = gateway.metadata.namespace ?? "default";
            const name = gateway.metadata.annotations?.[NAME_OVERRIDE_ANNOTATION] ?? `${gateway.metadata.name}-istio`;
            const infrastructure = mapAt(gateway.spec, "infrastructure");
            let data: Record<string, string> = {};
            if (isMap(infrastructure.parametersRef)) {
                const ref = infrastructure.parametersRef as { group?: string; kind?: string; name?: string };
                if (ref.group !== "" || ref.kind !== "ConfigMap")
                    throw new Error(`invalid parameters: unknown infrastructure parameters type ${ref.group}/${ref.kind}`);
                const found = configMaps.get(`${namespace}/${ref.name}`);
                if (found === undefined)
                    throw new Error(`parametersRef targeting configmap "${namespace}/${ref.name}", but configmap does not exist`);
                const unsupported = Object.keys(found).filter((key) => !SUPPORTED_OVERLAYS.includes(key));
                if (unsupported.length > 0)
                    throw new Error(`unsupported overlay "${unsupported[0]}" (supported: [${[...SUPPORTED_OVERLAYS].sort().join(" ")}])`);
                data = found;
            }

            const hpaOverlay = overlay(data, "horizontalPodAutoscaler");
            const hpa = hpaOverlay ? helmMerge({ maxReplicas: 1 }, mapAt(hpaOverlay, "spec")) : undefined;
            const deployment = mapAt(overlay(data, "deployment"), "spec");
            const replicas = hpa ? Number(hpa.minReplicas ?? 1) : Number(deployment.replicas ?? 1);

            const pdbOverlay = overlay(data, "podDisruptionBudget");
            const budgets: PodDisruptionBudget[] = [];
            if (pdbOverlay) {
                const spec = mapAt(pdbOverlay, "spec");
                budgets.push({
                    name,
                    namespace,
                    selector: { [GATEWAY_NAME_LABEL]: gateway.metadata.name },
                    ...(spec.minAvailable !== undefined ? { minAvailable: spec.minAvailable as IntOrString } : {}),
                    ...(spec.maxUnavailable !== undefined ? { maxUnavailable: spec.maxUnavailable as IntOrString } : {}),
                    ...(typeof spec.unhealthyPodEvictionPolicy === "string"
                        ? { unhealthyPodEvictionPolicy: spec.unhealthyPodEvictionPolicy }
                        : {}),
                });
            }

            const podSpec = mapAt(deployment, "template", "spec");
            const containers = Array.isArray(podSpec.containers) ? (podSpec.containers as Values[]) : [];
            const proxy = containers.find((container) => container.name === "istio-proxy");
            return {
                name: `${namespace}/${name}`,
                source: `istiod's deployment of Gateway ${namespace}/${gateway.metadata.name}`,
                namespace,
                replicas,
                podLabels: {
                    "sidecar.istio.io/inject": "false",
                    "service.istio.io/canonical-name": name,
                    "service.istio.io/canonical-revision": "latest",
                    ...(mapAt(infrastructure, "labels") as Record<string, string>),
                    [GATEWAY_NAME_LABEL]: gateway.metadata.name,
                    "gateway.networking.k8s.io/gateway-class-name": "istio",
                    "gateway.istio.io/managed": "istio.io-gateway-controller",
                },
                budgets,
                keepsServing: true,
                configuredBy: istiod,
                autoscaling: hpa ? { min: replicas, max: Number(hpa.maxReplicas) } : undefined,
                spread: Array.isArray(podSpec.topologySpreadConstraints) ? (podSpec.topologySpreadConstraints as Values[]) : [],
                requests: { ...proxyRequests, ...mapAt(proxy, "resources", "requests") },
            };
        });
}
