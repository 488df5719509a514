import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { AcmeServer, ServiceType } from "../enums";
import {
    ACME_SERVER_KEYWORDS,
    DEFAULT_CERT_MANAGER_NAMESPACE,
    DEFAULT_CERT_MANAGER_REPOSITORY,
    DEFAULT_CERT_MANAGER_VERSION,
    DEFAULT_GATEWAY_NAME,
    DEFAULT_GATEWAY_NAMESPACE,
    DEFAULT_ISTIO_HUB,
    DEFAULT_ISTIO_NAMESPACE,
    DEFAULT_ISTIO_REPOSITORY,
    DEFAULT_ISTIO_VERSION,
    ISTIO_APIS,
} from "./defaults";
import { acmeProfileSchema, crossCheckAcme, externalAccountBindingSchema, resolveCa } from "./acme";
import { coveredBy, dnsNameProblem, hostProblem, letsEncryptHostProblem, zoneOfHost } from "./dns";
import { retiredIstioLocationProblem } from "./istioLocations";
import { re2Problem } from "./regex";
import { crossCheckRecords, loadBalancerSchemeSchema, recordsShape } from "./records";
import { caaSchema, crossCheckCaa } from "./caa";
import { crossCheckLoadBalancerScheme } from "./loadBalancer";
import { crossCheckGatewayApi, gatewayApiSchema } from "./gatewayApi";
import { crossCheckRouteMatches, RouteMatchView } from "./routeConflicts";
import { chartValuesShape, crossCheckChartValues, istioValuesShape } from "./chartValues";
import { field, Issue, list, valid } from "./raw";
import { recursiveNameserverIssues } from "./resolvers";
import { crossCheckRouting, routingSchema } from "./routing";
import { crossCheckEdge, hstsShape, minTlsVersionShape } from "./edge";
import { clientIpShape, crossCheckClientIp } from "./clientIp";

/** A plain value checked by `schema`, or an output whose value is known only at deploy time. */
function inputOf<T extends z.ZodType<string>>(schema: T) {
    return z.union([schema, z.custom<pulumi.Output<string>>((value) => pulumi.Output.isInstance(value))]);
}

function withProblem(check: (value: string) => string | undefined) {
    return z.string().superRefine((value, ctx) => {
        const problem = check(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

const dnsName = withProblem(dnsNameProblem);
const host = withProblem(hostProblem);

const k8sLabelPattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
function k8sName(maxLength: number) {
    return z
        .string()
        .max(maxLength, `must be at most ${maxLength} characters`)
        .regex(k8sLabelPattern, 'must be lowercase a-z, 0-9 and "-", starting and ending with a letter or digit');
}
/** Gateway names leave room for the `-<n>-tls` suffixes of their certificates' secrets. */
const gatewayName = k8sName(50);
const namespace = k8sName(63);

const destinationHost = withProblem((value) => {
    if (value.length > 253) return `is ${value.length} characters long; a host name has at most 253`;
    const bad = value.split(".").find((label) => !k8sLabelPattern.test(label) || label.length > 63);
    return bad === undefined ? undefined : `label "${bad}" is not a valid DNS label (lowercase a-z, 0-9, "-", at most 63)`;
});

const port = z.number().int("must be a whole number").min(1, "must be 1-65535").max(65535, "must be 1-65535");

const exactSemver = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const istioVersion = z.string().regex(exactSemver, 'must be an exact version such as "1.31.1" (no ranges, no "latest")');
const certManagerVersion = z
    .string()
    .regex(/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'must be an exact version with its "v", such as "v1.21.1" (no ranges, no "latest")');
const chartRepositoryPattern = /^(oci|https):\/\/[^\s/]+(\/[^\s]*)?$/;
const chartRepositoryMessage = 'must be an "oci://" registry path or an "https://" Helm repository URL';
const withoutTrailingSlash = (value: string) => value.replace(/\/+$/, "");
const chartRepository = z.string().regex(chartRepositoryPattern, chartRepositoryMessage).transform(withoutTrailingSlash);
/** Istio's charts: also refused on a location Istio has retired. */
const istioChartRepository = withProblem((value) =>
    chartRepositoryPattern.test(value) ? retiredIstioLocationProblem("repository", value) : chartRepositoryMessage,
).transform(withoutTrailingSlash);
/** Istio's `global.hub`: `registry[:port]/path`, as in `docker.io/istio` (images are `<hub>/<name>:<tag>`). */
const imageHubPattern = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)+\/?$/;
const istioHub = withProblem((value) =>
    imageHubPattern.test(value)
        ? retiredIstioLocationProblem("hub", value)
        : 'must be an image registry path such as "docker.io/istio" or "registry.example.com:5000/istio" (no scheme, no tag)',
).transform(withoutTrailingSlash);

const acmeDirectoryUrl = z.url({ protocol: /^https$/, error: "must be an https:// ACME directory URL" });
const acmeServer = z.union([
    z.enum(AcmeServer),
    z.url({
        protocol: /^https$/,
        error: `must be ${ACME_SERVER_KEYWORDS.map((k) => `"${k}"`).join(", ")} or an https:// ACME directory URL`,
    }),
]);

const hostedZoneId = z
    .string()
    .regex(/^Z[0-9A-Z]{1,31}$/, 'must be a Route53 hosted zone ID such as "Z0123456789ABCDEFGHIJ" (without "/hostedzone/")');

/**
 * `server` names a CA by keyword; `directoryUrl` gives any other. `server` may still hold a URL, as
 * stack configs wrote it before `directoryUrl` existed. Resolved into one `server`: keyword or URL.
 */
const acmeFields = z.strictObject({
    email: inputOf(z.email("must be an email address")),
    server: acmeServer.optional(),
    directoryUrl: acmeDirectoryUrl.optional(),
    issuerName: k8sName(63).optional(),
    externalAccountBinding: externalAccountBindingSchema.optional(),
    profile: acmeProfileSchema.optional(),
});
const acmeSchema = acmeFields
    .superRefine((acme, ctx) => {
        if (acme.server !== undefined && acme.directoryUrl !== undefined) {
            ctx.addIssue({ code: "custom", path: ["directoryUrl"], message: "must not be given with server; give one of them" });
        }
    })
    .transform(({ directoryUrl, server, ...acme }) => ({ ...acme, server: directoryUrl ?? server ?? AcmeServer.Staging }));

const zoneSchema = z.strictObject({
    domain: dnsName,
    hostedZoneId: inputOf(hostedZoneId).optional(),
    private: z.boolean().default(false),
});

const roleArn = z
    .string()
    .regex(
        /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
        'must be an IAM role ARN such as "arn:aws:iam::210987654321:role/dns01"',
    );
const oidcProviderArn = z
    .string()
    .regex(
        /^arn:aws(-[a-z]+)*:iam::\d{12}:oidc-provider\/[^\s/]+(\/[^\s/]+)*$/,
        'must be an IAM OIDC provider ARN such as "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ca-central-1.amazonaws.com/id/ABC"',
    );
const eksClusterName = z
    .string()
    .regex(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, 'must be an EKS cluster name (letters, digits, "-" and "_", at most 100)');
const rotateDays = z.number().int("must be a whole number of days").min(1, "must be at least 1 day");

/** How cert-manager reaches Route53; each mode takes only its own keys. */
const credentialsSchema = z
    .discriminatedUnion(
        "mode",
        [
            z.strictObject({
                mode: z.literal("accessKey").default("accessKey"),
                rotateDays: rotateDays.optional(),
                assumeRoleArn: roleArn.optional(),
            }),
            z.strictObject({ mode: z.literal("irsa"), oidcProviderArn, assumeRoleArn: roleArn.optional() }),
            z.strictObject({ mode: z.literal("podIdentity"), clusterName: eksClusterName, assumeRoleArn: roleArn.optional() }),
        ],
        { error: (issue) => (issue.code === "invalid_union" ? 'must be "accessKey", "irsa" or "podIdentity"' : undefined) },
    )
    .prefault({});

/** A resolver cert-manager's DNS-01 self-check asks: `host:port`, or a DNS-over-HTTPS URL. */
const recursiveNameserver = z
    .string()
    .regex(
        /^((\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}|https:\/\/[^\s,]+)$/,
        'must be "host:port" such as "8.8.8.8:53", or an https:// DNS-over-HTTPS URL',
    );

const route53Schema = z.strictObject({
    region: inputOf(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as "ca-central-1"')).optional(),
    zones: z.array(zoneSchema).min(1, "must list at least one zone"),
    credentials: credentialsSchema,
    recursiveNameservers: z.array(recursiveNameserver).min(1, "must list at least one nameserver").optional(),
    ...recordsShape,
    recordsRoleArn: roleArn.optional(),
    routing: routingSchema,
    caa: caaSchema,
});

/** Istio settings of both APIs. */
const istioCommon = {
    version: istioVersion.default(DEFAULT_ISTIO_VERSION),
    repository: istioChartRepository.default(DEFAULT_ISTIO_REPOSITORY),
    hub: istioHub.default(DEFAULT_ISTIO_HUB),
    namespace: namespace.default(DEFAULT_ISTIO_NAMESPACE),
    gatewayNamespace: namespace.default(DEFAULT_GATEWAY_NAMESPACE),
    serviceType: z.enum(ServiceType).default(ServiceType.LoadBalancer),
    serviceAnnotations: z.record(z.string(), z.string()).default({}),
    values: istioValuesShape.optional(),
    minTlsVersion: minTlsVersionShape,
    loadBalancerScheme: loadBalancerSchemeSchema,
    clientIp: clientIpShape.optional(),
};

/**
 * `api` selects the API the gateways and routes are declared in; each takes only its own keys:
 * `gatewayName` names the Istio `gateway` chart's release, which the Gateway API mode has not.
 */
const istioSchema = z
    .discriminatedUnion(
        "api",
        [
            z.strictObject({
                api: z.literal("istio").default("istio"),
                ...istioCommon,
                gatewayName: k8sName(63).default(DEFAULT_GATEWAY_NAME),
            }),
            z.strictObject({ api: z.literal("gateway-api"), ...istioCommon }),
        ],
        { error: (issue) => (issue.code === "invalid_union" ? `must be ${ISTIO_APIS.map((api) => `"${api}"`).join(" or ")}` : undefined) },
    )
    .prefault({});

const certManagerSchema = z
    .strictObject({
        version: certManagerVersion.default(DEFAULT_CERT_MANAGER_VERSION),
        repository: chartRepository.default(DEFAULT_CERT_MANAGER_REPOSITORY),
        namespace: namespace.default(DEFAULT_CERT_MANAGER_NAMESPACE),
        values: chartValuesShape.optional(),
    })
    .prefault({});

const gatewaySchema = z.strictObject({
    name: gatewayName,
    namespace: namespace.optional(),
    hosts: z.array(host).min(1, "must list at least one host"),
    httpsRedirect: z.boolean().default(true),
    hsts: hstsShape,
});

const uriMatchSchema = z
    .strictObject({
        prefix: z.string().startsWith("/", 'must start with "/"').optional(),
        exact: z.string().startsWith("/", 'must start with "/"').optional(),
        regex: z.string().min(1, "must not be empty").pipe(withProblem(re2Problem)).optional(),
    })
    .refine((match) => [match.prefix, match.exact, match.regex].filter((v) => v !== undefined).length === 1, {
        message: "must have exactly one of prefix, exact, regex",
    });

const destinationSchema = z.strictObject({ host: destinationHost, port });
const weightedDestinationSchema = z.strictObject({
    host: destinationHost,
    port,
    weight: z.number().int("must be a whole number").min(0, "must be 0-100").max(100, "must be 0-100"),
});

const httpRouteSchema = z
    .strictObject({
        match: uriMatchSchema.optional(),
        destination: destinationSchema.optional(),
        destinations: z.array(weightedDestinationSchema).min(1, "must list at least one destination").optional(),
    })
    .superRefine((route, ctx) => {
        if ((route.destination === undefined) === (route.destinations === undefined)) {
            ctx.addIssue({ code: "custom", message: "must have exactly one of destination, destinations" });
        }
        if (route.destinations && route.destinations.length > 0) {
            const total = route.destinations.reduce((sum, d) => sum + d.weight, 0);
            if (total !== 100) {
                ctx.addIssue({
                    code: "custom",
                    path: ["destinations"],
                    message: `weights add up to ${total}; they must add up to 100`,
                });
            }
        }
    });

const routeName = k8sName(63);
const routeSchema = z.strictObject({
    name: routeName,
    namespace: namespace.optional(),
    gateway: z.string(),
    hosts: z.array(host).min(1, "must list at least one host"),
    http: z.array(httpRouteSchema).min(1, "must list at least one HTTP route"),
});

const sections = {
    acme: acmeSchema,
    route53: route53Schema,
    istio: istioSchema,
    certManager: certManagerSchema,
    gateways: z.array(gatewaySchema).min(1, "must list at least one gateway"),
    routes: z.array(routeSchema).default([]),
    gatewayApi: gatewayApiSchema,
    highAvailability: z.boolean().default(true),
    namespaces: z.strictObject({ create: z.boolean().default(false) }).default({ create: false }),
};

export type { Issue } from "./raw";

function duplicates(keys: ReadonlyArray<string | undefined>): Array<{ index: number; first: number }> {
    const seen = new Map<string, number>();
    const found: Array<{ index: number; first: number }> = [];
    keys.forEach((key, index) => {
        if (key === undefined) return;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else found.push({ index, first });
    });
    return found;
}

/** The parts of a raw config that the cross checks read, each kept only where it is valid on its own. */
interface CrossView {
    zones?: Array<string | undefined>;
    /** Which of `zones` are private, index for index. */
    privateZones?: boolean[];
    /** `rawName` is the name as written, also where it is invalid: a route may name it. */
    gateways?: Array<{ name?: string; rawName?: unknown; hosts: Array<string | undefined>; httpsRedirect?: boolean }>;
    routes: Array<{
        name?: string;
        gateway?: string;
        namespace?: string;
        hosts: Array<string | undefined>;
        rules: RouteMatchView["rules"];
    }>;
}

/** Each rule's match as the route-matching checks read it: null where the rule or its match is invalid. */
function rulesOf(route: unknown): RouteMatchView["rules"] {
    return (list(field(route, "http")) ?? []).map((rule) => {
        if (rule === null || typeof rule !== "object" || Array.isArray(rule)) return null;
        const match = field(rule, "match");
        return match === undefined ? undefined : (valid(uriMatchSchema, match) ?? null);
    });
}

function crossView(raw: Record<string, unknown>): CrossView {
    const hostsOf = (item: unknown) => (list(field(item, "hosts")) ?? []).map((h) => valid(host, h));
    return {
        zones: list(field(raw.route53, "zones"))?.map((zone) => valid(dnsName, field(zone, "domain"))),
        privateZones: list(field(raw.route53, "zones"))?.map((zone) => field(zone, "private") === true),
        gateways: list(raw.gateways)?.map((gateway) => ({
            name: valid(gatewayName, field(gateway, "name")),
            rawName: field(gateway, "name"),
            hosts: hostsOf(gateway),
            httpsRedirect:
                field(gateway, "httpsRedirect") === undefined
                    ? true
                    : valid(gatewaySchema.shape.httpsRedirect, field(gateway, "httpsRedirect")),
        })),
        routes: (list(raw.routes) ?? []).map((route) => {
            const gateway = valid(routeSchema.shape.gateway, field(route, "gateway"));
            const ownGateway = list(raw.gateways)?.find((candidate) => field(candidate, "name") === gateway);
            return {
                name: valid(routeName, field(route, "name")),
                gateway,
                namespace: namespaceOf(route, () =>
                    namespaceOf(ownGateway, () => namespaceOf(raw.istio, () => DEFAULT_GATEWAY_NAMESPACE, "gatewayNamespace")),
                ),
                hosts: hostsOf(route),
                rules: rulesOf(route),
            };
        }),
    };
}

/** `item[key]` as a namespace, `otherwise()` when it is not given, undefined when it is invalid. */
function namespaceOf(item: unknown, otherwise: () => string | undefined, key = "namespace"): string | undefined {
    const value = field(item, key);
    return value === undefined ? otherwise() : valid(namespace, value);
}

/**
 * Zones whose ID this stack cannot look up must name it: cert-manager's and our lookup by name see
 * public zones of this account only. Private zones also need resolvers for cert-manager's
 * self-check that see where the challenge records go (config/resolvers.ts).
 */
function crossCheckRoute53(route53: unknown): Issue[] {
    const issues: Issue[] = [];
    const zones = list(field(route53, "zones")) ?? [];
    const assumeRoleArn = valid(roleArn, field(field(route53, "credentials"), "assumeRoleArn"));
    zones.forEach((zone, index) => {
        if (field(zone, "hostedZoneId") !== undefined) return;
        const path = ["route53", "zones", index, "hostedZoneId"];
        if (field(zone, "private") === true) {
            issues.push({ path, message: "is required for a private zone (cert-manager's zone lookup skips private zones)" });
        } else if (assumeRoleArn !== undefined) {
            issues.push({ path, message: "is required with credentials.assumeRoleArn (the zones live in another account)" });
        }
    });
    issues.push(...recursiveNameserverIssues(route53));
    return issues;
}

/** `acme.server` as the schema resolves it (keyword or URL; staging when neither key is given), or undefined when invalid. */
function resolvedServer(acme: unknown): string | undefined {
    const directoryUrl = field(acme, "directoryUrl");
    const server = field(acme, "server");
    if (directoryUrl === undefined && server === undefined) return AcmeServer.Staging;
    return valid(acmeFields.shape.directoryUrl, directoryUrl) ?? valid(acmeServer, server);
}

/** The cross view of a config that parsed as a whole: everything in it is valid already. */
function parsedView(config: ResolvedIngressConfig): CrossView {
    return {
        zones: config.route53.zones.map((zone) => zone.domain),
        privateZones: config.route53.zones.map((zone) => zone.private),
        gateways: config.gateways,
        routes: config.routes.map((route) => ({
            ...route,
            namespace:
                route.namespace ??
                config.gateways.find((gateway) => gateway.name === route.gateway)?.namespace ??
                config.istio.gatewayNamespace,
            rules: route.http.map((rule) => rule.match),
        })),
    };
}

/**
 * Checks that span sections: zones, gateways and routes must agree with each other.
 * They read the raw config and skip whatever is invalid on its own (reported by the schema),
 * so that one run reports every problem.
 */
export function crossCheckSections(raw: Record<string, unknown>, parsed?: ResolvedIngressConfig): Issue[] {
    const server = resolvedServer(raw.acme);
    const issues: Issue[] = [
        ...crossCheckAcme(raw, server),
        ...crossCheckRoute53(raw.route53),
        ...crossCheckLoadBalancerScheme(raw),
        ...crossCheckGatewayApi(raw),
        ...crossCheckRouting(raw),
        ...crossCheckChartValues(raw),
        ...crossCheckEdge(raw),
        ...crossCheckClientIp(raw),
    ];
    const { zones, privateZones, gateways, routes } = parsed ? parsedView(parsed) : crossView(raw);
    const zoneDomains = (zones ?? []).filter((zone): zone is string => zone !== undefined);
    const letsEncrypt = server !== undefined && resolveCa(server).letsEncrypt;

    // A split-horizon name may have one public and one private zone.
    const zoneKeys = (zones ?? []).map((zone, i) => zone && `${zone}${privateZones?.[i] ? " (private)" : ""}`);
    for (const d of duplicates(zoneKeys)) {
        const hint = privateZones?.[d.index] ? " (both private; a domain may have one public and one private zone)" : "";
        issues.push({ path: ["route53", "zones", d.index, "domain"], message: `duplicates zones[${d.first}].domain${hint}` });
    }
    for (const d of duplicates((gateways ?? []).map((gateway) => gateway.name))) {
        issues.push({ path: ["gateways", d.index, "name"], message: `duplicates gateways[${d.first}].name` });
    }
    for (const d of duplicates(routes.map((route) => route.name))) {
        issues.push({ path: ["routes", d.index, "name"], message: `duplicates routes[${d.first}].name` });
    }

    const hostOwner = new Map<string, string>();
    (gateways ?? []).forEach((gateway, g) => {
        gateway.hosts.forEach((h, i) => {
            if (h === undefined) return;
            const owner = hostOwner.get(h);
            if (owner !== undefined) {
                issues.push({ path: ["gateways", g, "hosts", i], message: `is already served by ${owner}` });
                return;
            }
            hostOwner.set(h, `gateways[${g}]${gateway.name ? ` (${gateway.name})` : ""}`);
            const refused = letsEncrypt ? letsEncryptHostProblem(h) : undefined;
            if (refused !== undefined) issues.push({ path: ["gateways", g, "hosts", i], message: refused });
            // With a zone invalid on its own (reported already), a host may belong to it: no guess.
            const allZonesValid = zones !== undefined && zoneDomains.length > 0 && zoneDomains.length === zones.length;
            if (allZonesValid && zoneOfHost(h, zoneDomains) === undefined) {
                issues.push({
                    path: ["gateways", g, "hosts", i],
                    message: `lies in none of the route53 zones (${zoneDomains.join(", ")})`,
                });
            }
        });
    });

    issues.push(...crossCheckRouteMatches(gateways, routes));

    const assumeRoleArn = valid(roleArn, field(field(raw.route53, "credentials"), "assumeRoleArn"));
    issues.push(...crossCheckRecords(raw, zoneDomains.length === (zones ?? []).length ? zoneDomains : undefined, assumeRoleArn));
    const allZonesValid = zones !== undefined && zoneDomains.length === zones.length;
    issues.push(
        ...crossCheckCaa(raw, {
            server,
            zones: allZonesValid ? zoneDomains.map((domain, i) => ({ domain, private: privateZones?.[i] ?? false })) : undefined,
            hosts: (gateways ?? []).flatMap((gateway) => gateway.hosts.filter((h): h is string => h !== undefined)),
            assumeRoleArn,
        }),
    );

    if (gateways !== undefined) {
        routes.forEach((route, r) => {
            if (route.gateway === undefined) return;
            const gateway = gateways.find((candidate) => candidate.name === route.gateway);
            if (!gateway) {
                const invalid = gateways.findIndex((candidate) => candidate.name === undefined && candidate.rawName === route.gateway);
                if (invalid >= 0) {
                    issues.push({
                        path: ["routes", r, "gateway"],
                        message: `names gateways[${invalid}], whose name is invalid (see gateways[${invalid}].name)`,
                    });
                    return;
                }
                const names = gateways.flatMap((candidate) => (candidate.name ? [candidate.name] : [])).join(", ");
                issues.push({ path: ["routes", r, "gateway"], message: `names no gateway (gateways: ${names})` });
                return;
            }
            // With a host of the gateway invalid on its own (reported already), it may be the one meant: no guess.
            if (gateway.hosts.includes(undefined)) return;
            const served = gateway.hosts.filter((h): h is string => h !== undefined);
            route.hosts.forEach((h, i) => {
                if (h !== undefined && !coveredBy(h, served)) {
                    issues.push({ path: ["routes", r, "hosts", i], message: `is not served by gateway "${route.gateway}"` });
                }
            });
        });
    }
    return issues;
}

/** The whole configuration, section by section; {@link crossCheckSections} checks the sections against each other. */
export const ingressConfigSchema = z.strictObject(sections);

export type ResolvedIngressConfig = z.output<typeof ingressConfigSchema>;
export type ResolvedGateway = ResolvedIngressConfig["gateways"][number];
export type ResolvedRoute = ResolvedIngressConfig["routes"][number];
export type ResolvedZone = ResolvedIngressConfig["route53"]["zones"][number];
export type ResolvedCredentials = ResolvedIngressConfig["route53"]["credentials"];
export type ResolvedIstio = ResolvedIngressConfig["istio"];
