import * as pulumi from "@pulumi/pulumi";
import { certificateGroups, CertificateGroup } from "./certificates/groups";
import { planCaaRecordSets, type CaaPlan } from "./caaRecords/spec";
import { knownAcmeServer, maxNamesPerCertificate, resolveCa } from "./config/acme";
import { ACME_CAS } from "./config/defaults";
import { gatewayApiStandardInstallUrl, matchedGatewayApiVersion, redirectRouteName, serviceOfHost } from "./config/gatewayApi";
import { readGatewayApiBundle } from "./gatewayApi/crds/bundle";
import { NamespacesPlan, planNamespaces } from "./namespaces/plan";
import type { GatewayApiCrdsArgs } from "./gatewayApi/crds/gatewayApiCrds";
import type { ResolvedIngressConfig, ResolvedIstio } from "./config/schema";
import { isWildcard, zoneOfHost } from "./config/dns";
import { prefixBase } from "./config/pathMatch";
import { recordsTarget } from "./config/records";
import { certificatesCoveringHosts, DEFAULT_RECORD_TTL, planRecords, RecordPlan } from "./dnsRecords/spec";
import { Deployment, HEALTH_CHECKED_RECORD_TTL, HealthCheckPlan, planHealthChecks, planRouting, RecordRouting } from "./dnsRecords/routing";
import type { LoadBalancerTarget } from "./dnsRecords/target";
import { gatewayResponseHeaders } from "./edge/hsts";
import type { TlsVersion } from "./enums";
import {
    GATEWAY_DEPLOYMENT_DEFAULTS,
    gatewayInfrastructureName,
    GatewayInfrastructurePlan,
    gatewayMinReplicas,
} from "./gatewayApi/gateways/infrastructure";
import { HTTP_LISTENER, httpsListenerName } from "./gatewayApi/gateways/listeners";
import { gatewayServiceAnnotations } from "./loadBalancer/scheme";

/**
 * What to create, as plain data: config in, plan out. Nothing here registers a resource;
 * the components only walk this plan.
 */
export interface IngressPlan {
    /** How Istio's control plane is installed, whichever API the gateways use. */
    istio: IstioPlan;
    certManager: ResolvedIngressConfig["certManager"];
    issuer: IssuerPlan;
    /**
     * Every configured zone. `dns01` is false for the private zone of a split-horizon name: its
     * public twin holds the challenge records, as the ACME CA asks the public DNS.
     */
    zones: Array<{ domain: string; hostedZoneId?: pulumi.Input<string>; private: boolean; hosts: string[]; dns01: boolean }>;
    /** How cert-manager reaches Route53. */
    credentials: ResolvedIngressConfig["route53"]["credentials"];
    /** Resolvers for cert-manager's DNS-01 self-check, if configured. */
    recursiveNameservers?: string[];
    certificates: CertificatePlan[];
    /** The gateways and routes, in the API the stack chose (`istio.api`). */
    api: IstioApiPlan | GatewayApiPlan;
    /** The gateway hosts' Route53 records; undefined when `route53.records` is off. */
    records?: RecordsPlan;
    /** Every workload gets the production defaults: at least 2 replicas, a disruption budget, spread, requests. */
    highAvailability: boolean;
    /** The zones' CAA records; undefined when `route53.caa` is off. */
    caa?: CaaPlan;
    /** The namespaces of gateways, routes and backends the component does not create itself: created, or read first. */
    namespaces: NamespacesPlan;
}

/** The ACME ClusterIssuer. */
export interface IssuerPlan {
    name: string;
    /** The ACME directory URL. */
    server: string;
    email: pulumi.Input<string>;
    /** The External Account Binding it registers its account with, and the Secret (in cert-manager's namespace) holding the key. */
    externalAccountBinding?: { keyId: string; hmacKey: pulumi.Input<string>; secretName: string };
    /** The certificate profile it requests. */
    profile?: string;
}

/** Istio's settings shared by both APIs. */
export type IstioPlan = Omit<Extract<ResolvedIstio, { api: "gateway-api" }>, "api">;

/** Istio's own API: the `gateway` chart's workload, Istio Gateways and VirtualServices. */
export interface IstioApiPlan {
    api: "istio";
    /** The `gateway` chart's release name, and the labels it gives its pods (the Gateways' selector). */
    gatewayRelease: { name: string; selector: Record<string, string> };
    gateways: GatewayPlan[];
    routes: RoutePlan[];
}

export interface RecordsPlan {
    /** What the records point at: the gateway's load balancer. */
    target: LoadBalancerTarget;
    /** TTL of records that are not aliases, in seconds. */
    ttl: number;
    /**
     * One per host, type and zone (both zones of a split-horizon name), each with the certificates
     * whose names cover its host (a wildcard's covers several hosts): the record waits for them, so a
     * name leads to the gateway only once it serves that name.
     */
    records: Array<RecordPlan & { certificates: string[]; healthCheck?: string }>;
    /** A role in the zones' account that writes the records, when they live in another account. */
    roleArn?: string;
    /**
     * How the record sets share their names with other stacks' (`route53.routing`): the policy and
     * this stack's set identifier; undefined for `simple`. A stack switching from `simple` has each
     * record set replaced: the provider deletes the simple one and creates the routed one in one
     * Route53 change batch (same resource, updated in place).
     */
    routing?: RecordRouting;
    /** One health check per load balancer (each record's `healthCheck` names its own); empty without routing or with health checks off. */
    healthChecks: HealthCheckPlan[];
}

/**
 * The Kubernetes Gateway API: its CRDs, one Gateway per gateway (istiod deploys its Deployment
 * and Service, `<name>-istio`), HTTPRoutes, HTTP-to-HTTPS redirect routes and ReferenceGrants.
 */
export interface GatewayApiPlan {
    api: "gateway-api";
    /** The standard-channel bundle to apply before istiod and any Gateway or HTTPRoute; absent when the cluster manages the CRDs. */
    crds?: GatewayApiCrdsArgs;
    gateways: KubernetesGatewayPlan[];
    routes: HttpRoutePlan[];
    /** One per gateway with `httpsRedirect`: answers its HTTP listener with a 301 to https. */
    redirects: RedirectRoutePlan[];
    /**
     * The mesh's minimum TLS version of the servers istiod configures (istiod's
     * `meshConfig.tlsDefaults.minProtocolVersion`): a Gateway API listener has no field of its own
     * that Istio reads (components/edge/tls.ts).
     */
    meshMinTlsVersion: TlsVersion;
    /** One per route and namespace of its destinations other than its own. */
    referenceGrants: ReferenceGrantPlan[];
}

/** The namespaces whose routes a listener admits. */
export type AllowedNamespaces = string[];

export interface KubernetesGatewayPlan {
    name: string;
    namespace: string;
    hosts: string[];
    httpsRedirect: boolean;
    /** The plain-HTTP listener on port 80, without a hostname. */
    http: { name: string; allowedNamespaces: AllowedNamespaces };
    /** One HTTPS listener on port 443 per host, terminating TLS with the Secret of the certificate covering the host. */
    https: Array<{ name: string; host: string; certificate: string; secretName: string; allowedNamespaces: AllowedNamespaces }>;
    /**
     * What istiod deploys for it, through the ConfigMap `spec.infrastructure.parametersRef` names;
     * undefined: istiod's own defaults (one replica, no HPA, no budget).
     */
    infrastructure?: GatewayInfrastructurePlan;
}

export interface HttpRoutePlan {
    name: string;
    namespace: string;
    gateway: { name: string; namespace: string };
    /** The listeners (`sectionName`s) it attaches to: the HTTPS listener of every host it intersects, and HTTP without a redirect. */
    sections: string[];
    hosts: string[];
    /** Set on every response of every rule (its gateway's HSTS header); undefined: none. */
    responseHeaders?: Record<string, string>;
    rules: Array<{
        match?: { type: "PathPrefix" | "Exact" | "RegularExpression"; value: string };
        backends: Array<{ name: string; namespace: string; port: number; weight?: number }>;
    }>;
}

export interface RedirectRoutePlan {
    name: string;
    namespace: string;
    gateway: string;
    section: string;
}

export interface ReferenceGrantPlan {
    name: string;
    /** The route it is for. */
    route: string;
    /** The destinations' namespace, where the grant lives. */
    namespace: string;
    /** The namespace of the HTTPRoute it admits. */
    fromNamespace: string;
    /** The Services it lets that route send to. */
    services: string[];
}

export interface CertificatePlan extends CertificateGroup {
    /** Name of the gateway that serves these names. */
    gateway: string;
    /** Where the Certificate and its Secret live: where the gateway's workload (Istio API) or its Gateway (Gateway API) reads it. */
    namespace: string;
}

export interface GatewayPlan {
    name: string;
    namespace: string;
    hosts: string[];
    httpsRedirect: boolean;
    /**
     * One HTTPS server per certificate: the hosts it serves and the secret it reads. A host that a
     * wildcard of the gateway covers sits in its wildcard's server, not on a certificate of its own.
     */
    tls: Array<{ certificate: string; credentialName: string; hosts: string[] }>;
    /**
     * For each of `hosts`, the namespaces whose VirtualServices may bind to it: the Gateway writes it
     * once per namespace as `<namespace>/<host>`. See {@link bindingNamespaces}.
     */
    hostNamespaces: Record<string, string[]>;
    /** The lowest TLS version of its HTTPS servers (`tls.minProtocolVersion`). */
    minTlsVersion: TlsVersion;
}

export interface RoutePlan {
    name: string;
    namespace: string;
    gateway: { name: string; namespace: string };
    hosts: string[];
    http: ResolvedIngressConfig["routes"][number]["http"];
    /** Set on every response of every HTTP route (its gateway's HSTS header); undefined: none. */
    responseHeaders?: Record<string, string>;
}

/** Istio's gateway chart labels its pods `istio: <release name without the "istio-" prefix>`. */
export function gatewayPodSelector(gatewayName: string): Record<string, string> {
    return { istio: gatewayName.replace(/^istio-/, "") };
}

/**
 * The ClusterIssuer's default name and directory URL. A known CA is named after it whether the config
 * gives its keyword or its directory URL (`letsencrypt-production` for Let's Encrypt's production
 * directory either way); a URL the config gives is kept as written.
 */
export function issuerDefaults(server: string): { name: string; url: string } {
    const keyword = knownAcmeServer(server);
    if (keyword === undefined) return { name: "acme", url: server };
    const name = keyword === "staging" || keyword === "production" ? `letsencrypt-${keyword}` : keyword;
    return { name, url: keyword === server ? ACME_CAS[keyword].directoryUrl : server };
}

/** The Secret holding an issuer's External Account Binding key, in cert-manager's namespace. */
export function eabSecretName(issuerName: string): string {
    return `${issuerName}-eab`;
}

function planIssuer(acme: ResolvedIngressConfig["acme"]): IssuerPlan {
    const defaults = issuerDefaults(acme.server);
    const name = acme.issuerName ?? defaults.name;
    const eab = acme.externalAccountBinding;
    return {
        name,
        server: defaults.url,
        email: acme.email,
        ...(eab ? { externalAccountBinding: { keyId: eab.keyId, hmacKey: eab.hmacKey, secretName: eabSecretName(name) } } : {}),
        ...(acme.profile !== undefined ? { profile: acme.profile } : {}),
    };
}

/**
 * The gateway host a route host binds through: the host itself when the gateway lists it, else the
 * listed wildcard covering it (one label, as `hostMatches`). The same rule decides both APIs: which
 * Istio server host admits a route's namespace, and which Kubernetes Gateway listener a route attaches to.
 */
export function bindingHost(routeHost: string, gatewayHosts: ReadonlySet<string>): string | undefined {
    if (gatewayHosts.has(routeHost)) return routeHost;
    const wildcard = isWildcard(routeHost) ? undefined : `*${routeHost.slice(routeHost.indexOf("."))}`;
    return wildcard !== undefined && gatewayHosts.has(wildcard) ? wildcard : undefined;
}

/**
 * Which namespaces may bind VirtualServices to each gateway host. Istio binds a VirtualService to a
 * server host `<namespace>/<host>` only from that namespace; a host without a namespace admits any
 * namespace, which would let any team route a public host. A route host binds through the gateway
 * host equal to it, else through the wildcard covering it (one label, as `hostMatches`); a host no
 * route serves gets the gateway's own namespace, never all of them. Namespaces are sorted, so
 * reordering routes changes nothing.
 */
export function bindingNamespaces(
    gateway: { namespace: string; hosts: readonly string[] },
    routes: ReadonlyArray<{ namespace: string; hosts: readonly string[] }>,
): Record<string, string[]> {
    const listed = new Set(gateway.hosts);
    const namespaces = new Map(gateway.hosts.map((host) => [host, new Set<string>()]));
    for (const route of routes) {
        for (const host of route.hosts) {
            const through = bindingHost(host, listed);
            if (through !== undefined) namespaces.get(through)?.add(route.namespace);
        }
    }
    return Object.fromEntries([...namespaces].map(([host, bound]) => [host, bound.size > 0 ? [...bound].sort() : [gateway.namespace]]));
}

/**
 * The Istio settings shared by both APIs, without the keys of one. The Service annotations are the
 * ones the gateway's Service gets: the stack's, and the load balancer scheme for both AWS controllers.
 */
function istioPlan(istio: ResolvedIstio): IstioPlan {
    const shared = istioShared(istio);
    return {
        ...shared,
        serviceAnnotations: gatewayServiceAnnotations(shared.serviceType, shared.serviceAnnotations, shared.loadBalancerScheme),
    };
}

function istioShared(istio: ResolvedIstio): IstioPlan {
    if (istio.api === "istio") {
        const { api, gatewayName, ...shared } = istio;
        void [api, gatewayName];
        return shared;
    }
    const { api, ...shared } = istio;
    void api;
    return shared;
}

function planIstioApi(
    config: ResolvedIngressConfig,
    istio: Extract<ResolvedIstio, { api: "istio" }>,
    certificates: readonly CertificatePlan[],
): IstioApiPlan {
    const gateways = config.gateways.map((gateway): GatewayPlan => ({
        name: gateway.name,
        namespace: gateway.namespace ?? istio.gatewayNamespace,
        hosts: gateway.hosts,
        httpsRedirect: gateway.httpsRedirect,
        tls: certificates
            .filter((certificate) => certificate.gateway === gateway.name)
            .map((group) => ({ certificate: group.name, credentialName: group.secretName, hosts: group.hosts })),
        hostNamespaces: {},
        minTlsVersion: istio.minTlsVersion,
    }));
    const routes = config.routes.map((route): RoutePlan => {
        const gateway = gateways.find((candidate) => candidate.name === route.gateway);
        if (!gateway) throw new Error(`route ${route.name} names unknown gateway ${route.gateway}; validate the config first`);
        const responseHeaders = gatewayResponseHeaders(config.gateways.find((candidate) => candidate.name === gateway.name)?.hsts);
        return {
            name: route.name,
            namespace: route.namespace ?? gateway.namespace,
            gateway: { name: gateway.name, namespace: gateway.namespace },
            hosts: route.hosts,
            http: route.http,
            ...(responseHeaders ? { responseHeaders } : {}),
        };
    });
    for (const gateway of gateways) {
        gateway.hostNamespaces = bindingNamespaces(
            gateway,
            routes.filter((route) => route.gateway.name === gateway.name),
        );
    }
    return { api: "istio", gatewayRelease: { name: istio.gatewayName, selector: gatewayPodSelector(istio.gatewayName) }, gateways, routes };
}

/**
 * `deployment` names what the config leaves to the stack: the project and stack (the default set
 * identifier) and `aws:region` (the default latency region); only routed records need it.
 */
export function planIngress(config: ResolvedIngressConfig, deployment: Deployment = {}): IngressPlan {
    const { istio } = config;
    const domains = config.route53.zones.map((zone) => zone.domain);
    const hostsByZone = new Map<string, string[]>();
    for (const host of config.gateways.flatMap((gateway) => gateway.hosts)) {
        const zone = zoneOfHost(host, domains);
        if (zone === undefined) continue;
        const hosts = hostsByZone.get(zone);
        if (hosts) hosts.push(host);
        else hostsByZone.set(zone, [host]);
    }

    // Istio's gateway workload reads TLS Secrets from its own namespace; a Kubernetes Gateway's
    // listeners read them from the Gateway's namespace.
    const certificateNamespace = (gateway: ResolvedIngressConfig["gateways"][number]) =>
        istio.api === "istio" ? istio.gatewayNamespace : (gateway.namespace ?? istio.gatewayNamespace);
    // A profile may take fewer names per certificate than the usual 100 (Let's Encrypt's tlsserver, shortlived: 25).
    const maxNames = maxNamesPerCertificate(config.acme.server, config.acme.profile);
    const certificates: CertificatePlan[] = config.gateways.flatMap((gateway) =>
        certificateGroups(gateway.name, gateway.hosts, maxNames).map((group) => ({
            ...group,
            gateway: gateway.name,
            namespace: certificateNamespace(gateway),
        })),
    );

    const api =
        istio.api === "istio"
            ? planIstioApi(config, istio, certificates)
            : planGatewayApi(config, certificates, istio.gatewayNamespace, gatewayApiCrds(config.gatewayApi, istio.version));

    return {
        istio: istioPlan(istio),
        certManager: config.certManager,
        issuer: planIssuer(config.acme),
        zones: config.route53.zones.map((zone) => ({
            ...zone,
            hosts: hostsByZone.get(zone.domain) ?? [],
            dns01: !(zone.private && config.route53.zones.some((other) => !other.private && other.domain === zone.domain)),
        })),
        credentials: config.route53.credentials,
        recursiveNameservers: config.route53.recursiveNameservers,
        certificates,
        api,
        records: planRecordsOf(config, certificates, deployment),
        ...planCaaOf(config),
        highAvailability: config.highAvailability,
        namespaces: planNamespaces(
            [
                ...certificates,
                ...api.gateways,
                ...api.routes,
                ...(api.api === "gateway-api" ? [...api.redirects, ...api.referenceGrants] : []),
            ],
            api.api === "istio" ? api.routes : [],
            [istio.namespace, istio.gatewayNamespace, config.certManager.namespace],
            config.namespaces.create,
        ),
    };
}

/** `{ caa }` when CAA records are on, else nothing (the plan has no `caa` key). */
function planCaaOf(config: ResolvedIngressConfig): { caa?: CaaPlan } {
    const caa = config.route53.caa;
    if (!caa?.enabled) return {};
    const issuerDomain = caa.issuerDomain ?? resolveCa(config.acme.server).ca?.caaDomain;
    if (issuerDomain === undefined) throw new Error(`no CAA domain for the CA at ${config.acme.server}; validate the config first`);
    return {
        caa: {
            issuerDomain,
            pinAccount: caa.pinAccount,
            accountUris: caa.accountUris,
            otherIssuers: caa.otherIssuers,
            recordSets: planCaaRecordSets(
                config.route53.zones,
                config.gateways.flatMap((gateway) => gateway.hosts),
            ),
            ttl: DEFAULT_RECORD_TTL,
            ...(config.route53.recordsRoleArn ? { roleArn: config.route53.recordsRoleArn } : {}),
        },
    };
}

function planRecordsOf(
    config: ResolvedIngressConfig,
    certificates: readonly CertificatePlan[],
    deployment: Deployment,
): RecordsPlan | undefined {
    const target = recordsTarget(config.route53, config.istio);
    if (!target) return undefined;
    const hosts = config.gateways.flatMap((gateway) => gateway.hosts);
    const covering = certificatesCoveringHosts(hosts, certificates);
    // Each Kubernetes Gateway has its own load balancer; Istio's gateway workload has one for all.
    const loadBalancers =
        config.istio.api === "gateway-api"
            ? config.gateways.map((gateway) => ({ key: gateway.name, hosts: gateway.hosts }))
            : [{ key: config.istio.gatewayName, hosts }];
    const healthChecks = planHealthChecks(config.route53.routing, loadBalancers);
    const routing = planRouting(config.route53.routing, deployment);
    const checkOf = new Map(healthChecks.flatMap((check) => check.hosts.map((host) => [host, check.key] as const)));
    return {
        target,
        ttl: config.route53.recordTtl ?? (healthChecks.length > 0 ? HEALTH_CHECKED_RECORD_TTL : DEFAULT_RECORD_TTL),
        records: planRecords(hosts, config.route53.zones, target).map((record) => {
            const healthCheck = checkOf.get(record.host);
            return { ...record, certificates: covering.get(record.host) ?? [], ...(healthCheck ? { healthCheck } : {}) };
        }),
        roleArn: config.route53.recordsRoleArn,
        ...(routing ? { routing } : {}),
        healthChecks,
    };
}

/**
 * What istiod deploys for Gateway `name`: the production defaults, with `gatewayApi.deployment` over
 * them; undefined (istiod's own defaults) without `highAvailability` and without those settings.
 */
function gatewayInfrastructure(
    name: string,
    deployment: NonNullable<ResolvedIngressConfig["gatewayApi"]>["deployment"],
    highAvailability: boolean,
): GatewayInfrastructurePlan | undefined {
    if (!highAvailability && deployment === undefined) return undefined;
    return {
        configMap: gatewayInfrastructureName(name),
        minReplicas: deployment?.minReplicas ?? gatewayMinReplicas(highAvailability),
        maxReplicas: deployment?.maxReplicas ?? GATEWAY_DEPLOYMENT_DEFAULTS.maxReplicas,
        requests: {
            cpu: deployment?.cpuRequest ?? GATEWAY_DEPLOYMENT_DEFAULTS.cpuRequest,
            memory: deployment?.memoryRequest ?? GATEWAY_DEPLOYMENT_DEFAULTS.memoryRequest,
        },
        highAvailability,
    };
}

/** The standard-channel bundle to apply, or undefined when the cluster manages the Gateway API CRDs. */
function gatewayApiCrds(section: ResolvedIngressConfig["gatewayApi"], istioVersion: string): GatewayApiPlan["crds"] {
    if (section?.installCrds === false) return undefined;
    if (section?.crdsFile !== undefined) {
        // Read again, with the digest: the objects are those of the bytes the config check accepted.
        const { bundle, problems } = readGatewayApiBundle(section.crdsFile, section.crdsSha256);
        if (bundle === undefined) throw new Error(`gatewayApi.crdsFile: ${problems.map((p) => p.message).join("; ")}`);
        return { version: bundle.version, file: { path: bundle.path, sha256: bundle.sha256 }, objects: bundle.objects };
    }
    const version = section?.version ?? matchedGatewayApiVersion(istioVersion);
    if (version === undefined) throw new Error(`no Gateway API version for Istio ${istioVersion}; validate the config first`);
    return { version, url: section?.crdsUrl ?? gatewayApiStandardInstallUrl(version) };
}

function uriMatchOf(match: RoutePlan["http"][number]["match"]): HttpRoutePlan["rules"][number]["match"] {
    if (match === undefined) return undefined;
    // The Gateway API ignores a trailing "/" (HTTPPathMatch); written without it, the value is also
    // what the precedence "largest number of characters" counts.
    if (match.prefix !== undefined) return { type: "PathPrefix", value: prefixBase(match.prefix) };
    if (match.exact !== undefined) return { type: "Exact", value: match.exact };
    return { type: "RegularExpression", value: match.regex ?? "" };
}

/** The certificate of a gateway that serves `host`: the one naming it, or the one whose wildcard covers it. */
function certificateFor(host: string, own: readonly CertificatePlan[]): CertificatePlan {
    const found = own.find((c) => c.hosts.includes(host));
    if (!found) throw new Error(`no certificate covers ${host}; validate the config first`);
    return found;
}

function planGatewayApi(
    config: ResolvedIngressConfig,
    certificates: readonly CertificatePlan[],
    defaultNamespace: string,
    crds: GatewayApiPlan["crds"],
): GatewayApiPlan {
    const gatewayNamespace = new Map(config.gateways.map((g) => [g.name, g.namespace ?? defaultNamespace]));
    const routes = config.routes.map((route): HttpRoutePlan => {
        const gateway = config.gateways.find((candidate) => candidate.name === route.gateway);
        if (!gateway) throw new Error(`route ${route.name} names unknown gateway ${route.gateway}; validate the config first`);
        const namespace = route.namespace ?? gatewayNamespace.get(gateway.name) ?? defaultNamespace;
        const listed = new Set(gateway.hosts);
        const through = new Set(route.hosts.map((host) => bindingHost(host, listed)));
        const https = gateway.hosts.filter((host) => through.has(host)).map(httpsListenerName);
        const responseHeaders = gatewayResponseHeaders(gateway.hsts);
        return {
            name: route.name,
            namespace,
            gateway: { name: gateway.name, namespace: gatewayNamespace.get(gateway.name) ?? defaultNamespace },
            sections: gateway.httpsRedirect ? https : [...https, HTTP_LISTENER],
            hosts: route.hosts,
            ...(responseHeaders ? { responseHeaders } : {}),
            rules: route.http.map((rule) => ({
                match: uriMatchOf(rule.match),
                backends: (rule.destinations ?? (rule.destination ? [{ ...rule.destination, weight: undefined }] : [])).map(
                    (destination) => {
                        const service = serviceOfHost(destination.host, namespace);
                        if (!service) throw new Error(`destination ${destination.host} is no Service; validate the config first`);
                        return {
                            ...service,
                            port: destination.port,
                            ...(destination.weight !== undefined ? { weight: destination.weight } : {}),
                        };
                    },
                ),
            })),
        };
    });

    const gateways = config.gateways.map((gateway): KubernetesGatewayPlan => {
        const namespace = gatewayNamespace.get(gateway.name) ?? defaultNamespace;
        const infrastructure = gatewayInfrastructure(gateway.name, config.gatewayApi?.deployment, config.highAvailability);
        const own = routes.filter((route) => route.gateway.name === gateway.name);
        // The namespaces whose routes serve each host, the same rule as Istio's namespace-bound
        // hosts: a host no route serves admits only the Gateway's own namespace, never every one.
        const hostNamespaces = bindingNamespaces({ namespace, hosts: gateway.hosts }, own);
        const httpNamespaces = new Set(own.filter((route) => route.sections.includes(HTTP_LISTENER)).map((route) => route.namespace));
        if (gateway.httpsRedirect || httpNamespaces.size === 0) httpNamespaces.add(namespace);
        const ownCertificates = certificates.filter((certificate) => certificate.gateway === gateway.name);
        return {
            name: gateway.name,
            namespace,
            hosts: gateway.hosts,
            httpsRedirect: gateway.httpsRedirect,
            http: { name: HTTP_LISTENER, allowedNamespaces: [...httpNamespaces].sort() },
            https: gateway.hosts.map((host) => {
                const name = httpsListenerName(host);
                const certificate = certificateFor(host, ownCertificates);
                return {
                    name,
                    host,
                    certificate: certificate.name,
                    secretName: certificate.secretName,
                    allowedNamespaces: hostNamespaces[host],
                };
            }),
            ...(infrastructure ? { infrastructure } : {}),
        };
    });

    const redirects = gateways
        .filter((gateway) => gateway.httpsRedirect)
        .map((gateway) => ({
            name: redirectRouteName(gateway.name),
            namespace: gateway.namespace,
            gateway: gateway.name,
            section: HTTP_LISTENER,
        }));

    const referenceGrants = routes.flatMap((route) => {
        const byNamespace = new Map<string, Set<string>>();
        for (const backend of route.rules.flatMap((rule) => rule.backends)) {
            if (backend.namespace === route.namespace) continue;
            const services = byNamespace.get(backend.namespace) ?? new Set<string>();
            services.add(backend.name);
            byNamespace.set(backend.namespace, services);
        }
        return [...byNamespace].map(([namespace, services]): ReferenceGrantPlan => ({
            name: `${route.name}-backends`,
            route: route.name,
            namespace,
            fromNamespace: route.namespace,
            services: [...services].sort(),
        }));
    });

    return { api: "gateway-api", crds, gateways, routes, redirects, referenceGrants, meshMinTlsVersion: config.istio.minTlsVersion };
}
