/**
 * Config rules of the Kubernetes Gateway API mode (`istio.api: gateway-api`): its own section
 * (`gatewayApi`), and the limits the Gateway API CRDs put on what one Gateway or HTTPRoute holds.
 */
import { z } from "zod";
import { DEFAULT_ISTIO_VERSION, GATEWAY_API_VERSION_BY_ISTIO_MINOR } from "./defaults";
import { ServiceType } from "../enums";
import { gatewayMinReplicas } from "../gatewayApi/gateways/infrastructure";
import { gatewayServiceAnnotations } from "../loadBalancer/scheme";
import { readGatewayApiBundle } from "../gatewayApi/crds/bundle";
import { field, Issue, list, valid } from "./raw";
import { loadBalancerSchemeSchema } from "./records";

const releaseVersion = z
    .string()
    .regex(/^v\d+\.\d+\.\d+$/, 'must be an exact Gateway API release such as "v1.6.1" (with the "v"; no ranges, no release candidates)');

const sha256Digest = z.string().regex(/^[0-9a-fA-F]{64}$/, "must be a sha256 digest: 64 hexadecimal digits, as sha256sum prints them");

/** A Kubernetes resource quantity as a request takes it: a positive decimal with an optional SI or binary suffix. */
const quantity = z
    .string()
    .regex(/^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/, 'must be a Kubernetes quantity such as "100m", "0.5" or "128Mi"');
const replicas = z.number().int("must be a whole number").min(1, "must be at least 1");

/** `gatewayApi.deployment`: what istiod deploys for each Gateway (through its parametersRef ConfigMap). */
const gatewayDeploymentSchema = z.strictObject({
    minReplicas: replicas.optional(),
    maxReplicas: replicas.optional(),
    cpuRequest: quantity.optional(),
    memoryRequest: quantity.optional(),
});

/** The `gatewayApi` section: the Gateway API CRDs and what istiod deploys per Gateway. Only with `istio.api: gateway-api`. */
export const gatewayApiSchema = z
    .strictObject({
        installCrds: z.boolean().default(true),
        version: releaseVersion.optional(),
        crdsUrl: z.url({ protocol: /^https$/, error: "must be an https:// URL of a standard-install.yaml bundle" }).optional(),
        crdsFile: z.string().min(1, "must be the path of a standard-install.yaml bundle").optional(),
        crdsSha256: sha256Digest.optional(),
        deployment: gatewayDeploymentSchema.optional(),
    })
    .optional();

/**
 * Limits of the Gateway API v1 CRDs (gateway.networking.k8s.io_gateways.yaml / _httproutes.yaml,
 * `maxItems`): the API server refuses an object beyond them.
 */
export const GATEWAY_API_LIMITS = {
    /** `Gateway.spec.listeners`: one HTTP listener plus one HTTPS listener per host. */
    listenersPerGateway: 64,
    /** `HTTPRoute.spec.hostnames`. */
    hostnamesPerRoute: 16,
    /** `HTTPRoute.spec.rules`. */
    rulesPerRoute: 16,
    /** `HTTPRoute.spec.rules[].backendRefs`. */
    backendRefsPerRule: 16,
    /** `Gateway.spec.infrastructure.annotations` (`maxProperties`). */
    infrastructureAnnotations: 16,
} as const;

/** Name of the HTTPRoute that redirects a gateway's plain HTTP to HTTPS. */
export function redirectRouteName(gatewayName: string): string {
    return `${gatewayName}-https-redirect`;
}

/**
 * Why `path` is refused as an HTTPRoute `Exact` or `PathPrefix` path match, or undefined: the CEL
 * rules of `spec.rules[].matches[].path` in gateway.networking.k8s.io_httproutes.yaml (v1.6.1),
 * which the API server evaluates, with their messages.
 */
export function httpRoutePathProblem(path: string): string | undefined {
    if (!path.startsWith("/")) return "must be an absolute path and start with '/'";
    for (const part of ["//", "/./", "/../", "%2f", "%2F", "#"]) if (path.includes(part)) return `must not contain '${part}'`;
    for (const end of ["/..", "/."]) if (path.endsWith(end)) return `must not end with '${end}'`;
    if (!/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/.test(path)) {
        return "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$)";
    }
    return undefined;
}

/** The standard-channel bundle of a Gateway API release: CRDs and, from v1.5, the safe-upgrades admission policy. */
export function gatewayApiStandardInstallUrl(version: string): string {
    return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${version}/standard-install.yaml`;
}

/** Bundles before v1.5.0 carry no safe-upgrades policy, and that policy (from v1.5.0 on) refuses them. */
const MINIMUM_VERSION = "v1.5.0";

/** `[major, minor, patch]` of "v1.6.1" (Gateway API) or "1.31.1" (Istio). */
function versionParts(version: string): number[] {
    return version
        .replace(/^v/, "")
        .split("-")[0]
        .split(".")
        .map((part) => Number(part));
}
function compareVersions(a: string, b: string): number {
    const [x, y] = [versionParts(a), versionParts(b)];
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
}

/** "1.31" of "1.31.1", "v1.6" of "v1.6.1". */
export function minorVersion(istioVersion: string): string {
    return istioVersion.split(".").slice(0, 2).join(".");
}

/** The Gateway API release matched to an Istio version, or undefined for an Istio minor we have no match for. */
export function matchedGatewayApiVersion(istioVersion: string): string | undefined {
    return GATEWAY_API_VERSION_BY_ISTIO_MINOR[minorVersion(istioVersion)];
}

/**
 * A destination host as a Service reference: `name` (in the route's namespace), `name.namespace.svc`
 * or `name.namespace.svc.cluster.local`. An HTTPRoute's backendRef names a Service and its namespace;
 * any other host form has no such reading.
 */
export function serviceOfHost(host: string, routeNamespace: string): { name: string; namespace: string } | undefined {
    const labels = host.split(".");
    if (labels.length === 1) return { name: host, namespace: routeNamespace };
    const rest = labels.slice(2).join(".");
    if (labels.length >= 3 && (rest === "svc" || rest === "svc.cluster.local")) return { name: labels[0], namespace: labels[1] };
    return undefined;
}

/**
 * The HPA's bounds: the API server refuses a `maxReplicas` below `minReplicas`
 * (autoscaling validation: "must be greater than or equal to `minReplicas`"), and istiod would then
 * fail to apply the Gateway's HPA. `minReplicas` defaults with `highAvailability`.
 */
function deploymentChecks(raw: Record<string, unknown>): Issue[] {
    const deployment = field(raw.gatewayApi, "deployment");
    const max = field(deployment, "maxReplicas");
    const given = field(deployment, "minReplicas");
    const highAvailability = raw.highAvailability !== false;
    const min = given ?? gatewayMinReplicas(highAvailability);
    if (typeof max !== "number" || typeof min !== "number" || !Number.isInteger(max) || !Number.isInteger(min) || max >= min) return [];
    const why =
        given === undefined
            ? `the default minReplicas (${min}${highAvailability ? " with highAvailability" : ""})`
            : `minReplicas (${min})`;
    return [{ path: ["gatewayApi", "deployment", "maxReplicas"], message: `is below ${why}: an HPA needs maxReplicas >= minReplicas` }];
}

function sectionChecks(raw: Record<string, unknown>, istioVersion: string): Issue[] {
    const section = raw.gatewayApi;
    if (section === undefined || section === null || typeof section !== "object") return [];
    const issues: Issue[] = [...deploymentChecks(raw)];
    const version = field(section, "version");
    const crdsUrl = field(section, "crdsUrl");
    const crdsFile = field(section, "crdsFile");
    if (field(section, "installCrds") === false) {
        for (const key of ["version", "crdsUrl", "crdsFile", "crdsSha256"]) {
            if (field(section, key) !== undefined) {
                issues.push({ path: ["gatewayApi", key], message: "has no effect with installCrds: false (the cluster manages the CRDs)" });
            }
        }
        return issues;
    }
    if (typeof crdsFile === "string" && crdsFile.length > 0) {
        issues.push(...bundleFileChecks(section, crdsFile, istioVersion));
    } else if (field(section, "crdsSha256") !== undefined) {
        issues.push({
            path: ["gatewayApi", "crdsSha256"],
            message: "applies only with crdsFile (it is the sha256 of that file)",
            showValue: false,
        });
    }
    if (typeof version === "string" && releaseVersion.safeParse(version).success) {
        issues.push(...releaseChecks(version, ["gatewayApi", "version"], "is", istioVersion));
    }
    if (typeof crdsUrl === "string" && /experimental/i.test(crdsUrl)) {
        issues.push({
            path: ["gatewayApi", "crdsUrl"],
            message:
                "looks like the experimental channel; only the standard channel is supported (its safe-upgrades policy refuses experimental CRDs over standard ones)",
        });
    }
    return issues;
}

/** A release the Istio version cannot use: before the safe-upgrades policy, or older than what Istio is built against. */
function releaseChecks(release: string, path: (string | number)[], subject: string, istioVersion: string): Issue[] {
    const matched = matchedGatewayApiVersion(istioVersion);
    if (compareVersions(release, MINIMUM_VERSION) < 0) {
        return [
            {
                path,
                message: `${subject} older than ${MINIMUM_VERSION}: the safe-upgrades admission policy of every bundle since ${MINIMUM_VERSION} refuses such CRDs`,
            },
        ];
    }
    if (matched !== undefined && compareVersions(release, `${minorVersion(matched)}.0`) < 0) {
        return [
            {
                path,
                message: `${subject} older than the Gateway API ${minorVersion(matched)} that Istio ${minorVersion(istioVersion)} is built against`,
            },
        ];
    }
    return [];
}

/**
 * `gatewayApi.crdsFile`: the bundle is read now, before anything is registered, and must be what
 * its sha256 says, a standard-channel Gateway API bundle and nothing else, of a release the Istio
 * version can use (and the one `version` names, when given).
 */
function bundleFileChecks(section: object, crdsFile: string, istioVersion: string): Issue[] {
    const issues: Issue[] = [];
    if (field(section, "crdsUrl") !== undefined) {
        issues.push({
            path: ["gatewayApi", "crdsFile"],
            message: "and crdsUrl both say where the CRDs come from: give one",
            showValue: false,
        });
    }
    const sha256 = valid(sha256Digest, field(section, "crdsSha256"));
    const reading = readGatewayApiBundle(crdsFile, sha256);
    for (const problem of reading.problems) {
        issues.push({ path: ["gatewayApi", problem.key], message: problem.message, showValue: problem.key === "crdsFile" });
    }
    const bundle = reading.bundle;
    if (bundle === undefined) return issues;
    if (!releaseVersion.safeParse(bundle.version).success) {
        issues.push({
            path: ["gatewayApi", "crdsFile"],
            message: `holds Gateway API ${bundle.version}, which is no release such as "v1.6.1"`,
        });
        return issues;
    }
    const version = field(section, "version");
    if (typeof version === "string" && version !== bundle.version) {
        issues.push({
            path: ["gatewayApi", "version"],
            message: `is not the release crdsFile holds (${bundle.version}): give that, or leave version out`,
        });
    }
    issues.push(
        ...releaseChecks(bundle.version, ["gatewayApi", "crdsFile"], `holds Gateway API ${bundle.version}, which is`, istioVersion),
    );
    return issues;
}

/** Checks of `istio.api: gateway-api` that span sections; the schema checks each section on its own. */
export function crossCheckGatewayApi(raw: Record<string, unknown>): Issue[] {
    const api = field(raw.istio, "api") ?? "istio";
    if (api !== "gateway-api") {
        return api === "istio" && raw.gatewayApi !== undefined
            ? [{ path: ["gatewayApi"], message: 'applies only with istio.api: "gateway-api"' }]
            : [];
    }
    const configuredIstio = field(raw.istio, "version");
    const istioVersion = typeof configuredIstio === "string" ? configuredIstio : DEFAULT_ISTIO_VERSION;
    const issues = sectionChecks(raw, istioVersion);
    const installCrds = field(raw.gatewayApi, "installCrds") !== false;
    const versionGiven = field(raw.gatewayApi, "version") !== undefined || field(raw.gatewayApi, "crdsFile") !== undefined;
    if (installCrds && !versionGiven && matchedGatewayApiVersion(istioVersion) === undefined) {
        const known = Object.keys(GATEWAY_API_VERSION_BY_ISTIO_MINOR).join(", ");
        issues.push({
            path: ["gatewayApi", "version"],
            message: `is required: no Gateway API release is matched to Istio ${minorVersion(istioVersion)} (matched minors: ${known})`,
        });
    }

    const annotations = valid(z.record(z.string(), z.string()), field(raw.istio, "serviceAnnotations") ?? {});
    const serviceType = valid(z.enum(ServiceType).default(ServiceType.LoadBalancer), field(raw.istio, "serviceType"));
    const scheme = valid(loadBalancerSchemeSchema, field(raw.istio, "loadBalancerScheme"));
    if (annotations !== undefined && serviceType !== undefined && scheme !== undefined) {
        // What the Gateway carries: the stack's annotations and the load balancer scheme the component adds.
        const written = Object.keys(gatewayServiceAnnotations(serviceType, annotations, scheme)).length;
        if (written > GATEWAY_API_LIMITS.infrastructureAnnotations) {
            const own = Object.keys(annotations).length;
            const added = written - own;
            issues.push({
                path: ["istio", "serviceAnnotations"],
                message:
                    `has ${own} annotations${added > 0 ? `, and the component adds ${added} for the load balancer scheme` : ""}; ` +
                    `a Gateway's spec.infrastructure.annotations holds at most ${GATEWAY_API_LIMITS.infrastructureAnnotations}`,
            });
        }
    }

    const redirectNames = new Map(
        (list(raw.gateways) ?? [])
            .filter((gateway) => field(gateway, "httpsRedirect") !== false && typeof field(gateway, "name") === "string")
            .map((gateway) => [redirectRouteName(field(gateway, "name") as string), field(gateway, "name") as string]),
    );

    const maxHosts = GATEWAY_API_LIMITS.listenersPerGateway - 1;
    (list(raw.gateways) ?? []).forEach((gateway, g) => {
        const hosts = list(field(gateway, "hosts")) ?? [];
        if (hosts.length > maxHosts) {
            issues.push({
                path: ["gateways", g, "hosts"],
                message: `lists ${hosts.length} hosts; with istio.api: "gateway-api" a gateway has at most ${maxHosts} (a Gateway has at most ${GATEWAY_API_LIMITS.listenersPerGateway} listeners: HTTP, and HTTPS per host)`,
            });
        }
    });

    (list(raw.routes) ?? []).forEach((route, r) => {
        const hosts = list(field(route, "hosts")) ?? [];
        if (hosts.length > GATEWAY_API_LIMITS.hostnamesPerRoute) {
            issues.push({
                path: ["routes", r, "hosts"],
                message: `lists ${hosts.length} hosts; an HTTPRoute has at most ${GATEWAY_API_LIMITS.hostnamesPerRoute} hostnames: split the route`,
            });
        }
        const name = field(route, "name");
        const redirecting = typeof name === "string" ? redirectNames.get(name) : undefined;
        if (redirecting !== undefined) {
            issues.push({
                path: ["routes", r, "name"],
                message: `is the name of gateway "${redirecting}"'s HTTP-to-HTTPS redirect HTTPRoute`,
            });
        }
        const http = list(field(route, "http")) ?? [];
        if (http.length > GATEWAY_API_LIMITS.rulesPerRoute) {
            issues.push({
                path: ["routes", r, "http"],
                message: `lists ${http.length} routes; an HTTPRoute has at most ${GATEWAY_API_LIMITS.rulesPerRoute} rules: split the route`,
            });
        }
        http.forEach((rule, h) => {
            for (const kind of ["prefix", "exact"]) {
                const path = field(field(rule, "match"), kind);
                const problem = typeof path === "string" && path.startsWith("/") ? httpRoutePathProblem(path) : undefined;
                if (problem) issues.push({ path: ["routes", r, "http", h, "match", kind], message: `${problem} (an HTTPRoute path rule)` });
            }
            const destinations = list(field(rule, "destinations")) ?? [];
            if (destinations.length > GATEWAY_API_LIMITS.backendRefsPerRule) {
                issues.push({
                    path: ["routes", r, "http", h, "destinations"],
                    message: `lists ${destinations.length} destinations; an HTTPRoute rule has at most ${GATEWAY_API_LIMITS.backendRefsPerRule} backendRefs`,
                });
            }
            const single = field(rule, "destination");
            const targets: Array<[unknown, (string | number)[]]> = [
                ...(single !== undefined
                    ? [[single, ["routes", r, "http", h, "destination", "host"]] as [unknown, (string | number)[]]]
                    : []),
                ...destinations.map((d, i): [unknown, (string | number)[]] => [d, ["routes", r, "http", h, "destinations", i, "host"]]),
            ];
            for (const [target, path] of targets) {
                const host = field(target, "host");
                if (typeof host !== "string" || host.length === 0) continue;
                if (serviceOfHost(host, "route-namespace") === undefined) {
                    issues.push({
                        path,
                        message:
                            'is no Service reference: with istio.api: "gateway-api" a destination is a Service, "<name>" (in the route\'s namespace) or "<name>.<namespace>.svc.cluster.local"',
                    });
                }
            }
        });
    });
    return issues;
}
