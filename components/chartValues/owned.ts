import { CredentialsMode, IstioApi } from "../enums";
import type { ChartName } from "./charts";
import { isPlainMap } from "../helm";

/** What decides whether a key is the component's: some are only in some modes. */
export interface OwnedKeyContext {
    credentialsMode: CredentialsMode;
    api: IstioApi;
}

/** A chart value the component sets or relies on, which pass-through values may not change. */
export interface OwnedKey {
    /** Its path below the chart's values; a RegExp stands for every key it matches at that level. */
    path: ReadonlyArray<string | RegExp>;
    /** Where to set it instead, or why it is fixed. */
    reason: string;
    /** Owned only in these situations; always when absent. */
    when?: (context: OwnedKeyContext) => boolean;
    /**
     * The component relies on it without setting it (a name, a label): only setting it changes
     * anything, not replacing one of its parents.
     */
    reserved?: true;
}

const inRoleModes = (context: OwnedKeyContext) => context.credentialsMode !== "accessKey";
const ROLE_TRUST = "use route53.credentials (the IAM role is bound to this ServiceAccount by name; with IRSA, by its annotation too)";
/** Istio's charts keep their defaults under this key (a Helm workaround); users set keys at the top level. */
const INTERNAL_DEFAULTS: OwnedKey = {
    path: ["_internal_defaults_do_not_set"],
    reason: "it holds the chart's own defaults; set the keys at the top level",
    reserved: true,
};
const ONE_REVISION =
    "the component installs one istiod without a revision: the gateway's pods are injected by it (image: auto) and base's webhook calls it";

/**
 * The keys each chart's values builder sets (components/istio/values.ts, components/certManager/values.ts),
 * and the few the component's other parts rely on by name, each with the config key that sets it.
 */
export const OWNED_KEYS: Readonly<Record<ChartName, readonly OwnedKey[]>> = {
    base: [
        { path: ["global", "istioNamespace"], reason: "use istio.namespace" },
        {
            path: ["defaultRevision"],
            reason: 'the default revision\'s validating webhook must call the istiod the component installs ("default")',
        },
        INTERNAL_DEFAULTS,
    ],
    istiod: [
        // istiod's injector also fills in the gateway's image from it (pkg/kube/inject ProxyImage).
        { path: ["global", "hub"], reason: "use istio.hub" },
        { path: ["global", "istioNamespace"], reason: "use istio.namespace" },
        { path: ["revision"], reason: ONE_REVISION, reserved: true },
        // The Gateway API's listeners take their minimum TLS version from the mesh's (components/edge/tls.ts).
        {
            path: ["meshConfig", "tlsDefaults", "minProtocolVersion"],
            reason: "use istio.minTlsVersion",
            when: (context) => context.api === IstioApi.GatewayApi,
        },
        INTERNAL_DEFAULTS,
    ],
    gateway: [
        { path: ["service", "type"], reason: "use istio.serviceType" },
        // The records' load balancer kind is read from istio.serviceAnnotations.
        { path: ["service", "annotations"], reason: "use istio.serviceAnnotations" },
        // The chart merges `annotations` into the Service's too (templates/service.yaml).
        {
            path: ["annotations", /^service\.beta\.kubernetes\.io\//],
            reason: "use istio.serviceAnnotations (the chart puts these on the Service)",
            reserved: true,
        },
        // The load balancer address is read from the Service named after the release.
        {
            path: ["name"],
            reason: "use istio.gatewayName (it names the Deployment and the Service the component reads the address from)",
            reserved: true,
        },
        // The Istio Gateways select the pods by this label (plan.ts gatewayPodSelector).
        {
            path: ["labels", "istio"],
            reason: "use istio.gatewayName (the Gateways select the gateway's pods by this label)",
            reserved: true,
        },
        { path: ["revision"], reason: ONE_REVISION, reserved: true },
        INTERNAL_DEFAULTS,
    ],
    "cert-manager": [
        { path: ["crds"], reason: "the component installs cert-manager's CRDs with the chart and keeps them when the release is deleted" },
        {
            path: ["installCRDs"],
            reason: "the component installs the CRDs with crds.enabled, which this deprecated key contradicts",
            reserved: true,
        },
        {
            path: ["startupapicheck", "enabled"],
            reason: "the release waits for this job, so that the issuer and certificates find the webhook answering",
        },
        {
            path: ["enableCertificateOwnerRef"],
            reason: "the component sets it so that a removed certificate's Secret (its private key) goes with it",
        },
        { path: ["dns01RecursiveNameservers"], reason: "use route53.recursiveNameservers" },
        { path: ["dns01RecursiveNameserversOnly"], reason: "use route53.recursiveNameservers" },
        { path: ["namespace"], reason: "use certManager.namespace", reserved: true },
        { path: ["serviceAccount", "create"], reason: ROLE_TRUST, when: inRoleModes, reserved: true },
        { path: ["serviceAccount", "name"], reason: ROLE_TRUST, when: inRoleModes },
        { path: ["serviceAccount", "annotations"], reason: ROLE_TRUST, when: inRoleModes },
    ],
};

/** One value that would change an owned key, at its path below the chart's values. */
export interface OwnedKeyProblem {
    path: string[];
    message: string;
}

const showPath = (path: ReadonlyArray<string | RegExp>) => path.map((part) => (typeof part === "string" ? part : "<key>")).join(".");

/**
 * The owned keys that `values` sets, or replaces by setting one of their parents to something other
 * than a map (`global: null` would remove `global.hub`).
 */
export function ownedKeyProblems(chart: ChartName, values: Record<string, unknown>, context: OwnedKeyContext): OwnedKeyProblem[] {
    const problems: OwnedKeyProblem[] = [];
    for (const owned of OWNED_KEYS[chart]) {
        if (owned.when && !owned.when(context)) continue;
        const visit = (node: Record<string, unknown>, depth: number, at: string[]) => {
            const part = owned.path[depth];
            for (const [key, value] of Object.entries(node)) {
                if (typeof part === "string" ? key !== part : !part.test(key)) continue;
                const path = [...at, key];
                if (depth === owned.path.length - 1) {
                    problems.push({ path, message: `is set by the component: ${owned.reason}` });
                } else if (isPlainMap(value)) {
                    visit(value, depth + 1, path);
                } else if (!owned.reserved) {
                    problems.push({
                        path,
                        message: `would replace ${showPath(owned.path)}, which is set by the component: ${owned.reason}`,
                    });
                }
            }
        };
        visit(values, 0, []);
    }
    return problems.sort((a, b) => a.path.join("\0").localeCompare(b.path.join("\0")));
}
