/**
 * Cross-reference integrity of a synth result: every name one resource uses to find another
 * (a TLS secret, a gateway, an issuer, a credentials secret key) must resolve to what is declared.
 */
import { isIPv4 } from "node:net";
import * as pulumi from "@pulumi/pulumi";
import { coveredBy, zoneOfHost } from "../../components/config/dns";
import { regionOfLoadBalancer } from "../../components/dnsRecords/target";
import { placeholderLoadBalancerZoneId } from "../../testing/placeholders";
import { placeholderMocks, SECRET, SynthResource, SynthResult } from "../../tools/synth/engine";
import { bindsToServer, serverHostScope } from "./istioBinding";

const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
const RECORD_TYPE = "aws:route53/record:Record";
const SECRET_TYPE = "kubernetes:core/v1:Secret";

type JsonObject = Record<string, unknown>;

/** `namespace/name` of a Secret to the keys of its data as the engine saw them. */
export type SecretKeys = ReadonlyMap<string, readonly string[]>;

export interface CrossReferenceOptions {
    /**
     * Keys of Secrets whose whole `stringData` the result shows as "[secret]" (the Kubernetes SDK
     * marks all of it secret when any value is). Without them, a reference to such a Secret's key
     * is reported as unverifiable rather than taken on trust.
     */
    secretKeys?: SecretKeys;
}

// ---------------------------------------------------------------- reading the result

function isObject(value: unknown): value is JsonObject {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
function obj(value: unknown): JsonObject {
    return isObject(value) ? value : {};
}
function arr(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}
function str(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}
function strings(value: unknown): string[] {
    return arr(value).filter((item): item is string => typeof item === "string");
}

/** A declared Kubernetes object: its kind, name, namespace and the resource it came from. */
interface K8sObject {
    kind: string;
    group: string;
    name: string;
    namespace?: string;
    resource: SynthResource;
}

function k8sObjects(result: SynthResult): K8sObject[] {
    return result.resources
        .filter((r) => r.custom && !r.external && r.type.startsWith("kubernetes:") && r.type !== HELM_RELEASE_TYPE)
        .map((r) => {
            const metadata = obj(r.inputs.metadata);
            const apiVersion = str(r.inputs.apiVersion) ?? "";
            return {
                kind: str(r.inputs.kind) ?? "",
                group: apiVersion.includes("/") ? apiVersion.split("/")[0] : "",
                name: str(metadata.name) ?? "",
                namespace: str(metadata.namespace),
                resource: r,
            };
        });
}

const spec = (o: K8sObject) => obj(o.resource.inputs.spec);
const where = (o: K8sObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;

/** The namespace of the Helm release of `chart` (by the chart's last path segment). */
function releaseNamespace(result: SynthResult, chart: string): string | undefined {
    const release = result.resources.find((r) => r.type === HELM_RELEASE_TYPE && str(r.inputs.chart)?.split("/").pop() === chart);
    return release && str(release.inputs.namespace);
}

/**
 * Whether the gateway's load balancer is internal, as its Service says it to the AWS controllers:
 * the scheme annotation of the gateway chart's Service or of any Gateway's infrastructure.
 */
function internalLoadBalancer(result: SynthResult): boolean {
    const scheme = "service.beta.kubernetes.io/aws-load-balancer-scheme";
    const chart = result.resources.find((r) => r.type === HELM_RELEASE_TYPE && str(r.inputs.chart)?.split("/").pop() === "gateway");
    const annotations = [
        obj(obj(obj(chart?.inputs.values).service).annotations),
        ...result.resources
            .filter((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:Gateway")
            .map((r) => obj(obj(obj(r.inputs.spec).infrastructure).annotations)),
    ];
    return annotations.some((a) => a[scheme] === "internal");
}

/** Istio Gateway hosts may carry a `namespace/` prefix naming where VirtualServices may bind. */
function bareHost(host: string): string {
    return host.includes("/") ? host.slice(host.indexOf("/") + 1) : host;
}

interface Index {
    gateways: K8sObject[];
    virtualServices: K8sObject[];
    /** Kubernetes Gateway API objects (gateway.networking.k8s.io). */
    kubernetesGateways: K8sObject[];
    httpRoutes: K8sObject[];
    referenceGrants: K8sObject[];
    certificates: K8sObject[];
    clusterIssuers: K8sObject[];
    secrets: K8sObject[];
    gatewayNamespace?: string;
    certManagerNamespace?: string;
    records: SynthResource[];
    /** The gateway's load balancer is internal: its records belong in private zones only. */
    internalLoadBalancer: boolean;
    /** The gateway's load balancer address, when the result has stack outputs. */
    loadBalancerAddress?: string;
    /** Each gateway's load balancer address by gateway name, when the result has stack outputs. */
    loadBalancerAddresses?: Record<string, string>;
}

function index(result: SynthResult): Index {
    const objects = k8sObjects(result);
    const of = (group: string, kind: string) => objects.filter((o) => o.group === group && o.kind === kind);
    return {
        gateways: of("networking.istio.io", "Gateway"),
        virtualServices: of("networking.istio.io", "VirtualService"),
        kubernetesGateways: of("gateway.networking.k8s.io", "Gateway"),
        httpRoutes: of("gateway.networking.k8s.io", "HTTPRoute"),
        referenceGrants: of("gateway.networking.k8s.io", "ReferenceGrant"),
        certificates: of("cert-manager.io", "Certificate"),
        clusterIssuers: of("cert-manager.io", "ClusterIssuer"),
        secrets: of("", "Secret"),
        gatewayNamespace: releaseNamespace(result, "gateway"),
        certManagerNamespace: releaseNamespace(result, "cert-manager"),
        // The hosts' records; the zones' CAA sets (route53.caa) point at nothing, and test/caaRecords reads them.
        records: result.resources.filter((r) => r.type === RECORD_TYPE && r.inputs.type !== "CAA"),
        internalLoadBalancer: internalLoadBalancer(result),
        loadBalancerAddress: str(result.outputs.loadBalancerAddress),
        loadBalancerAddresses: isObject(result.outputs.loadBalancerAddresses)
            ? (result.outputs.loadBalancerAddresses as Record<string, string>)
            : undefined,
    };
}

// ---------------------------------------------------------------- the checks

type Check = (ix: Index, options: CrossReferenceOptions) => string[];

interface GatewayServer {
    /** The hosts without their `namespace/` prefix. */
    hosts: string[];
    /** The hosts as written, `namespace/host`. */
    boundHosts: string[];
    port?: number;
    credentialName?: string;
    httpsRedirect: boolean;
}

function gatewayServers(gateway: K8sObject): GatewayServer[] {
    return arr(spec(gateway).servers).map((server) => {
        const boundHosts = strings(obj(server).hosts);
        const port = obj(obj(server).port).number;
        return {
            hosts: boundHosts.map(bareHost),
            boundHosts,
            port: typeof port === "number" ? port : undefined,
            credentialName: str(obj(obj(server).tls).credentialName),
            httpsRedirect: obj(obj(server).tls).httpsRedirect === true,
        };
    });
}

/** The Certificate that writes `secretName` in the gateway namespace, where Istio reads TLS secrets. */
function certificateWriting(ix: Index, secretName: string): K8sObject | undefined {
    return ix.certificates.find((c) => str(spec(c).secretName) === secretName && c.namespace === ix.gatewayNamespace);
}

const checkGatewayCertificates: Check = (ix) => {
    if (ix.gateways.length > 0 && ix.gatewayNamespace === undefined) return ["no Helm release of the Istio gateway chart"];
    const problems: string[] = [];
    for (const gateway of ix.gateways) {
        const servers = gatewayServers(gateway);
        const ownDnsNames: string[] = [];
        servers.forEach((server, s) => {
            if (server.credentialName === undefined) return;
            const certificate = certificateWriting(ix, server.credentialName);
            if (!certificate) {
                problems.push(
                    `${where(gateway)}: servers[${s}].tls.credentialName "${server.credentialName}" is the secretName of no Certificate in the gateway namespace ${ix.gatewayNamespace}`,
                );
                return;
            }
            const dnsNames = strings(spec(certificate).dnsNames);
            ownDnsNames.push(...dnsNames);
            for (const host of server.hosts.filter((h) => !coveredBy(h, dnsNames))) {
                problems.push(
                    `${where(gateway)}: servers[${s}] host "${host}" is not covered by ${where(certificate)} (dnsNames: ${dnsNames.join(", ")})`,
                );
            }
        });
        const plainHosts = servers.filter((server) => server.credentialName === undefined).flatMap((server) => server.hosts);
        for (const host of new Set(plainHosts.filter((h) => !coveredBy(h, ownDnsNames)))) {
            problems.push(`${where(gateway)}: host "${host}" is covered by none of the gateway's certificates`);
        }
    }
    return problems;
};

/** The Gateway a VirtualService names: `namespace/name`, or `name` in the VirtualService's namespace. */
function gatewayNamed(ix: Index, reference: string, from: K8sObject): K8sObject | undefined {
    const [namespace, name] = reference.includes("/") ? reference.split("/", 2) : [from.namespace, reference];
    return ix.gateways.find((g) => g.name === name && g.namespace === namespace);
}

/**
 * A Gateway server host without a namespace, or with `*`, admits VirtualServices from every namespace
 * (Istio's default when no namespace is given): any team could then route a public host.
 */
const checkGatewayHostNamespaces: Check = (ix) =>
    ix.gateways.flatMap((gateway) =>
        gatewayServers(gateway).flatMap((server, s) =>
            server.boundHosts
                .filter((host) => gateway.namespace !== undefined && serverHostScope(host, gateway.namespace).namespace === undefined)
                .map((host) => `${where(gateway)}: servers[${s}] host "${host}" admits VirtualServices from any namespace`),
        ),
    );

/**
 * Each host of a VirtualService must bind, by Istio's rule (see istioBinding.ts), to an HTTPS server of
 * its gateways, and to their plain HTTP server where port 80 serves rather than redirects: a host that
 * binds nowhere gets Envoy's 404.
 */
function unboundHosts(vs: K8sObject, gateways: readonly K8sObject[]): string[] {
    const problems: string[] = [];
    const namespace = vs.namespace ?? "";
    const servers = gateways.flatMap((gateway) =>
        gatewayServers(gateway).map((server) => ({ ...server, gatewayNamespace: gateway.namespace ?? "" })),
    );
    const kinds: Array<[string, (server: GatewayServer) => boolean]> = [
        ["HTTPS server", (server) => server.credentialName !== undefined],
        ["plain HTTP server", (server) => server.port === 80 && !server.httpsRedirect],
    ];
    for (const host of strings(spec(vs).hosts)) {
        for (const [kind, isKind] of kinds) {
            const candidates = servers.filter(isKind);
            if (candidates.length === 0 && kind !== "HTTPS server") continue;
            if (candidates.some((server) => bindsToServer(server.boundHosts, server.gatewayNamespace, { namespace, host }))) continue;
            const listed = [...new Set(candidates.flatMap((server) => server.boundHosts))].join(", ");
            problems.push(
                `${where(vs)}: host "${host}" binds to no ${kind} of its gateways from namespace ${namespace} (server hosts: ${listed})`,
            );
        }
    }
    return problems;
}

const checkVirtualServices: Check = (ix) => {
    const problems: string[] = [];
    for (const vs of ix.virtualServices) {
        const references = strings(spec(vs).gateways).filter((reference) => reference !== "mesh");
        const gateways: K8sObject[] = [];
        for (const reference of references) {
            const gateway = gatewayNamed(ix, reference, vs);
            if (gateway) gateways.push(gateway);
            else problems.push(`${where(vs)}: gateway "${reference}" resolves to no Gateway`);
        }
        if (gateways.length === 0) continue;
        const served = gateways.flatMap((g) => gatewayServers(g).flatMap((server) => server.hosts));
        for (const host of strings(spec(vs).hosts).filter((h) => !coveredBy(h, served))) {
            problems.push(`${where(vs)}: host "${host}" is served by none of its gateways (${references.join(", ")})`);
        }
        problems.push(...unboundHosts(vs, gateways));
    }
    return problems;
};

/** Every `{ name, key }` under a key ending in "SecretRef", with where it is. */
function secretRefs(value: unknown, path: string): Array<{ path: string; name?: string; key?: string }> {
    if (Array.isArray(value)) return value.flatMap((item, i) => secretRefs(item, `${path}[${i}]`));
    if (!isObject(value)) return [];
    return Object.entries(value).flatMap(([key, inner]) =>
        key.endsWith("SecretRef")
            ? [{ path: `${path}.${key}`, name: str(obj(inner).name), key: str(obj(inner).key) }]
            : secretRefs(inner, `${path}.${key}`),
    );
}

/** The keys of a Secret's data, from the result when visible, else as the engine saw them. */
function secretDataKeys(secret: K8sObject, options: CrossReferenceOptions): string[] | undefined {
    const { stringData, data } = secret.resource.inputs;
    if (stringData !== SECRET && data !== SECRET) return [...Object.keys(obj(stringData)), ...Object.keys(obj(data))];
    return options.secretKeys?.get(`${secret.namespace}/${secret.name}`)?.slice();
}

/**
 * ClusterIssuers read solver secrets, and the External Account Binding's key, from cert-manager's
 * cluster resource namespace (its own, by default).
 */
const checkSolverSecrets: Check = (ix, options) => {
    const problems: string[] = [];
    for (const issuer of ix.clusterIssuers) {
        const acme = obj(spec(issuer).acme);
        const holders = arr(acme.solvers).map((solver, s) => [solver, `solvers[${s}]`] as const);
        [...holders, [{ externalAccountBinding: acme.externalAccountBinding }, "acme"] as const].forEach(([holder, path]) => {
            for (const ref of secretRefs(holder, path)) {
                const secret = ix.secrets.find((x) => x.name === ref.name && x.namespace === ix.certManagerNamespace);
                if (!secret) {
                    problems.push(
                        `${where(issuer)}: ${ref.path} names Secret "${ref.name}", which is not in the cert-manager namespace ${ix.certManagerNamespace}`,
                    );
                    continue;
                }
                const keys = secretDataKeys(secret, options);
                if (keys === undefined) {
                    problems.push(
                        `${where(issuer)}: ${ref.path} key "${ref.key}" cannot be verified: ${where(secret)} shows its data only as "${SECRET}" and no keys seen by the engine were given`,
                    );
                } else if (ref.key === undefined || !keys.includes(ref.key)) {
                    problems.push(
                        `${where(issuer)}: ${ref.path} key "${ref.key}" is not a key of ${where(secret)} (keys: ${keys.join(", ")})`,
                    );
                }
            }
        });
    }
    return problems;
};

const checkIssuerRefs: Check = (ix) => {
    const problems: string[] = [];
    for (const certificate of ix.certificates) {
        const ref = obj(spec(certificate).issuerRef);
        const kind = str(ref.kind) ?? "Issuer";
        if (kind !== "ClusterIssuer" || !ix.clusterIssuers.some((issuer) => issuer.name === ref.name)) {
            const names = ix.clusterIssuers.map((issuer) => issuer.name).join(", ");
            problems.push(
                `${where(certificate)}: issuerRef ${kind} "${String(ref.name)}" names no ClusterIssuer (ClusterIssuers: ${names})`,
            );
        }
    }
    return problems;
};

/** Each zone a solver selects is selected by exactly one solver, and every certificate name has a zone. */
const checkSolverZones: Check = (ix) => {
    const problems: string[] = [];
    for (const issuer of ix.clusterIssuers) {
        const solvers = arr(obj(spec(issuer).acme).solvers);
        const zones = solvers.flatMap((solver) => strings(obj(obj(solver).selector).dnsZones));
        for (const zone of new Set(zones)) {
            const count = zones.filter((z) => z === zone).length;
            if (count !== 1) problems.push(`${where(issuer)}: zone "${zone}" has ${count} solvers; it must have exactly one`);
        }
        const certificates = ix.certificates.filter((c) => str(obj(spec(c).issuerRef).name) === issuer.name);
        for (const certificate of certificates) {
            for (const name of strings(spec(certificate).dnsNames).filter((n) => zoneOfHost(n, zones) === undefined)) {
                problems.push(`${where(certificate)}: dnsName "${name}" lies in no zone a solver of ${where(issuer)} selects`);
            }
        }
    }
    return problems;
};

/** What a record's target must look like, by record type and alias. */
function targetProblem(type: string, alias: boolean, target: string): string | undefined {
    if (alias) {
        if (type !== "A" && type !== "AAAA") return `is an alias of type ${type}; load balancer aliases are A or AAAA`;
        return regionOfLoadBalancer("nlb", target) || regionOfLoadBalancer("classic", target)
            ? undefined
            : `aliases "${target}", which is no AWS load balancer hostname`;
    }
    if (type === "A") return isIPv4(target) ? undefined : `is an A record to "${target}", which is no IPv4 address`;
    if (type === "AAAA") return target.includes(":") ? undefined : `is an AAAA record to "${target}", which is no IPv6 address`;
    if (type === "CNAME") return isIPv4(target) || target.includes(":") ? `is a CNAME to the address "${target}"` : undefined;
    return `has type ${type}, which no gateway host gets`;
}

/**
 * Each Route53 record is in the hosted zone of its name's deepest zone (a zone a solver names, or
 * the private twin of one, holding the same record; an internal load balancer's in private zones only), points at the gateway's load balancer (an
 * alias in the load balancer's canonical zone for its region), is no CNAME at an apex, and every
 * Gateway host has one when any host has.
 */
const checkDnsRecords: Check = (ix) => {
    if (ix.records.length === 0) return [];
    const problems: string[] = [];
    const zoneById = new Map<string, string>();
    for (const issuer of ix.clusterIssuers) {
        for (const solver of arr(obj(spec(issuer).acme).solvers)) {
            const id = str(obj(obj(obj(solver).dns01).route53).hostedZoneID);
            for (const zone of strings(obj(obj(solver).selector).dnsZones)) if (id) zoneById.set(id, zone);
        }
    }
    const domains = [...new Set(zoneById.values())];
    const targets = new Set<string>();
    for (const record of ix.records) {
        const name = str(record.inputs.name) ?? "";
        const type = str(record.inputs.type) ?? "";
        const zoneId = str(record.inputs.zoneId) ?? "";
        const label = `Route53 record ${name} ${type} (${record.name})`;
        const expectedZone = zoneOfHost(name, domains);
        const zone = zoneById.get(zoneId);
        if (expectedZone === undefined) problems.push(`${label}: lies in no zone a solver selects (${domains.join(", ")})`);
        else if (zone === undefined) {
            // The private zone of a split-horizon name: its public twin must hold the same record, unless the
            // load balancer is internal, whose records are in private zones only.
            const twin = ix.records.find(
                (other) =>
                    other !== record &&
                    other.inputs.name === name &&
                    other.inputs.type === type &&
                    zoneById.get(str(other.inputs.zoneId) ?? "") === expectedZone,
            );
            if (!twin && !ix.internalLoadBalancer)
                problems.push(`${label}: zone ID ${zoneId} is the ID of no solver zone, and the zone ${expectedZone} holds no twin record`);
        } else if (zone !== expectedZone) {
            problems.push(`${label}: is in zone ${zone} (${zoneId}), but its deepest zone is ${expectedZone}`);
        }
        if (type === "CNAME" && expectedZone === name)
            problems.push(`${label}: is a CNAME at the apex of zone ${name}, which Route53 refuses`);

        const aliases = arr(record.inputs.aliases).map(obj);
        const alias = aliases[0];
        const target = alias ? str(alias.name) : strings(record.inputs.records)[0];
        if (target === undefined) {
            problems.push(`${label}: has no target`);
            continue;
        }
        targets.add(target);
        const problem = targetProblem(type, alias !== undefined, target);
        if (problem) problems.push(`${label}: ${problem}`);
        if (alias) {
            const kind = regionOfLoadBalancer("nlb", target) ? "network" : "classic";
            const region = regionOfLoadBalancer("nlb", target) ?? regionOfLoadBalancer("classic", target);
            const canonical = region && placeholderLoadBalancerZoneId(kind, region);
            if (canonical && alias.zoneId !== canonical) {
                problems.push(
                    `${label}: aliases a ${kind} load balancer in ${region} through zone ${String(alias.zoneId)}, not its canonical zone ${canonical}`,
                );
            }
            if (alias.evaluateTargetHealth !== true) problems.push(`${label}: does not evaluate the load balancer's target health`);
        }
        if (record.inputs.allowOverwrite !== false)
            problems.push(`${label}: may overwrite a record it did not create (allowOverwrite is not false)`);
    }
    const named = new Set(ix.records.map((record) => str(record.inputs.name)));
    // With the Gateway API each Gateway has its own load balancer: a host's record points at its Gateway's.
    for (const record of ix.kubernetesGateways.length > 0 ? ix.records : []) {
        const name = str(record.inputs.name) ?? "";
        const gateway = ix.kubernetesGateways.find((g) => listenersOf(g).some((l) => l.hostname === name));
        const expected = gateway && ix.loadBalancerAddresses?.[gateway.name];
        const alias = arr(record.inputs.aliases).map(obj)[0];
        const target = alias ? str(alias.name) : strings(record.inputs.records)[0];
        if (!gateway) problems.push(`Route53 record ${name} (${record.name}): no Gateway listens for it`);
        else if (expected !== undefined && target !== expected)
            problems.push(
                `Route53 record ${name} (${record.name}) points at "${target}", not at ${where(gateway)}'s load balancer "${expected}"`,
            );
    }
    if (ix.kubernetesGateways.length > 0) {
        for (const gateway of ix.kubernetesGateways) {
            for (const listener of listenersOf(gateway)) {
                if (listener.hostname !== undefined && !named.has(listener.hostname))
                    problems.push(`${where(gateway)}: host "${listener.hostname}" has no Route53 record`);
            }
        }
        return problems;
    }
    if (targets.size > 1)
        problems.push(`Route53 records point at ${targets.size} targets (${[...targets].join(", ")}); the gateway has one load balancer`);
    if (ix.loadBalancerAddress !== undefined) {
        for (const target of targets) {
            if (target !== ix.loadBalancerAddress)
                problems.push(`Route53 records point at "${target}", not at the gateway's load balancer "${ix.loadBalancerAddress}"`);
        }
    }
    for (const gateway of ix.gateways) {
        for (const host of new Set(gatewayServers(gateway).flatMap((server) => server.hosts))) {
            if (!named.has(host)) problems.push(`${where(gateway)}: host "${host}" has no Route53 record`);
        }
    }
    return problems;
};

// ---------------------------------------------------------------- the Kubernetes Gateway API

const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

interface Listener {
    name: string;
    hostname?: string;
    protocol: string;
    allowedRoutes: JsonObject;
    certificateRefs: JsonObject[];
}

function listenersOf(gateway: K8sObject): Listener[] {
    return arr(spec(gateway).listeners).map((item) => {
        const listener = obj(item);
        return {
            name: str(listener.name) ?? "",
            hostname: str(listener.hostname),
            protocol: str(listener.protocol) ?? "",
            allowedRoutes: obj(listener.allowedRoutes),
            certificateRefs: arr(obj(listener.tls).certificateRefs).map(obj),
        };
    });
}

/**
 * Whether a listener's `allowedRoutes` admits an HTTPRoute from `namespace`, as the Gateway API
 * defines it: `from` Same (default), All, or Selector (here: `matchLabels` and `matchExpressions`
 * with In/NotIn on the namespace's `kubernetes.io/metadata.name` label, the only label known offline).
 */
function admits(listener: Listener, gateway: K8sObject, namespace: string | undefined): boolean {
    const kinds = arr(listener.allowedRoutes.kinds).map(obj);
    if (
        kinds.length > 0 &&
        !kinds.some((kind) => (str(kind.group) ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && kind.kind === "HTTPRoute")
    ) {
        return false;
    }
    const namespaces = obj(listener.allowedRoutes.namespaces);
    const from = str(namespaces.from) ?? "Same";
    if (from === "All") return true;
    if (from === "Same") return namespace === gateway.namespace;
    const selector = obj(namespaces.selector);
    const labels: Record<string, string | undefined> = { "kubernetes.io/metadata.name": namespace };
    const byLabels = Object.entries(obj(selector.matchLabels)).every(([key, value]) => labels[key] === value);
    const byExpressions = arr(selector.matchExpressions).every((item) => {
        const expression = obj(item);
        const value = labels[str(expression.key) ?? ""];
        const values = strings(expression.values);
        if (expression.operator === "In") return value !== undefined && values.includes(value);
        if (expression.operator === "NotIn") return value === undefined || !values.includes(value);
        if (expression.operator === "Exists") return value !== undefined;
        return value === undefined;
    });
    return byLabels && byExpressions;
}

/** Every HTTPS listener terminates TLS with the Secret of a Certificate in the Gateway's namespace that covers its hostname. */
const checkListenerCertificates: Check = (ix) => {
    const problems: string[] = [];
    for (const gateway of ix.kubernetesGateways) {
        for (const listener of listenersOf(gateway).filter((l) => l.protocol === "HTTPS")) {
            if (listener.certificateRefs.length === 0) problems.push(`${where(gateway)}: listener ${listener.name} has no certificateRefs`);
            for (const ref of listener.certificateRefs) {
                const namespace = str(ref.namespace) ?? gateway.namespace;
                const kind = str(ref.kind) ?? "Secret";
                const certificate = ix.certificates.find((c) => str(spec(c).secretName) === ref.name && c.namespace === namespace);
                if (kind !== "Secret" || (str(ref.group) ?? "") !== "" || !certificate) {
                    problems.push(
                        `${where(gateway)}: listener ${listener.name} certificateRef ${kind} "${String(ref.name)}" is the Secret of no Certificate in namespace ${namespace}`,
                    );
                    continue;
                }
                if (namespace !== gateway.namespace) {
                    problems.push(
                        `${where(gateway)}: listener ${listener.name} reads a Secret in another namespace (${namespace}), which needs a ReferenceGrant`,
                    );
                }
                const dnsNames = strings(spec(certificate).dnsNames);
                if (listener.hostname === undefined || !coveredBy(listener.hostname, dnsNames)) {
                    problems.push(
                        `${where(gateway)}: listener ${listener.name} hostname "${listener.hostname ?? ""}" is not covered by ${where(certificate)} (dnsNames: ${dnsNames.join(", ")})`,
                    );
                }
            }
        }
    }
    return problems;
};

/** Hostnames intersect when one covers the other (a listener without a hostname takes every host). */
function intersects(routeHost: string, listenerHost: string | undefined): boolean {
    return listenerHost === undefined || coveredBy(routeHost, [listenerHost]) || coveredBy(listenerHost, [routeHost]);
}

/** Every HTTPRoute parentRef names an existing Gateway and listener that admit the route and share a hostname with it. */
const checkHttpRouteParents: Check = (ix) => {
    const problems: string[] = [];
    for (const route of ix.httpRoutes) {
        const hostnames = strings(spec(route).hostnames);
        arr(spec(route).parentRefs).forEach((item, p) => {
            const ref = obj(item);
            const namespace = str(ref.namespace) ?? route.namespace;
            const gateway = ix.kubernetesGateways.find((g) => g.name === ref.name && g.namespace === namespace);
            if ((str(ref.kind) ?? "Gateway") !== "Gateway" || (str(ref.group) ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || !gateway) {
                problems.push(`${where(route)}: parentRefs[${p}] names no Gateway ${namespace}/${String(ref.name)}`);
                return;
            }
            const sectionName = str(ref.sectionName);
            const listeners = listenersOf(gateway).filter((l) => sectionName === undefined || l.name === sectionName);
            if (listeners.length === 0) {
                problems.push(`${where(route)}: parentRefs[${p}] sectionName "${String(sectionName)}" is no listener of ${where(gateway)}`);
                return;
            }
            for (const listener of listeners) {
                if (!admits(listener, gateway, route.namespace)) {
                    problems.push(
                        `${where(route)}: listener ${listener.name} of ${where(gateway)} does not admit routes from namespace ${String(route.namespace)}`,
                    );
                }
                if (hostnames.length > 0 && !hostnames.some((h) => intersects(h, listener.hostname))) {
                    problems.push(
                        `${where(route)}: no hostname (${hostnames.join(", ")}) matches listener ${listener.name} (${String(listener.hostname)}) of ${where(gateway)}`,
                    );
                }
            }
        });
    }
    return problems;
};

/** A backendRef into another namespace is allowed by a ReferenceGrant there, from HTTPRoutes of the route's namespace to that Service. */
const checkReferenceGrants: Check = (ix) => {
    const problems: string[] = [];
    for (const route of ix.httpRoutes) {
        arr(spec(route).rules).forEach((rule, r) => {
            arr(obj(rule).backendRefs).forEach((item, b) => {
                const ref = obj(item);
                const namespace = str(ref.namespace);
                if (namespace === undefined || namespace === route.namespace) return;
                const kind = str(ref.kind) ?? "Service";
                const group = str(ref.group) ?? "";
                const granted = ix.referenceGrants.some(
                    (grant) =>
                        grant.namespace === namespace &&
                        arr(spec(grant).from).some(
                            (f) =>
                                obj(f).group === GATEWAY_API_GROUP && obj(f).kind === "HTTPRoute" && obj(f).namespace === route.namespace,
                        ) &&
                        arr(spec(grant).to).some(
                            (t) =>
                                (str(obj(t).group) ?? "") === group &&
                                obj(t).kind === kind &&
                                (obj(t).name === undefined || obj(t).name === ref.name),
                        ),
                );
                if (!granted) {
                    problems.push(
                        `${where(route)}: rules[${r}].backendRefs[${b}] ${kind} ${namespace}/${String(ref.name)} is in another namespace and no ReferenceGrant there allows it`,
                    );
                }
            });
        });
    }
    return problems;
};

/** An object whose whole spec is "[secret]" (a secret value inside it) hides every reference it makes. */
const checkVisibleSpecs: Check = (ix) =>
    [
        ...ix.gateways,
        ...ix.virtualServices,
        ...ix.kubernetesGateways,
        ...ix.httpRoutes,
        ...ix.referenceGrants,
        ...ix.certificates,
        ...ix.clusterIssuers,
    ]
        .filter((o) => o.resource.inputs.spec === SECRET)
        .map((o) => `${where(o)}: spec shows only as "${SECRET}"; its references cannot be verified`);

const CHECKS: Check[] = [
    checkVisibleSpecs,
    checkGatewayCertificates,
    checkGatewayHostNamespaces,
    checkVirtualServices,
    checkSolverSecrets,
    checkIssuerRefs,
    checkSolverZones,
    checkDnsRecords,
    checkListenerCertificates,
    checkHttpRouteParents,
    checkReferenceGrants,
];

/** Every broken reference in `result`, one line each. */
export function crossReferenceProblems(result: SynthResult, options: CrossReferenceOptions = {}): string[] {
    const ix = index(result);
    return CHECKS.flatMap((check) => check(ix, options));
}

/** Throws listing every broken reference in `result`. */
export function assertCrossReferences(result: SynthResult, options: CrossReferenceOptions = {}): void {
    const problems = crossReferenceProblems(result, options);
    if (problems.length > 0) throw new Error(`${problems.length} broken cross-references:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

// ---------------------------------------------------------------- what the engine saw

/** One resource's inputs as the mock engine received them: secrets still wrapped, values intact. */
export interface EngineInput {
    type: string;
    name: string;
    inputs: JsonObject;
}

/**
 * Runs `run` while recording the inputs the mock engine receives for each new resource, before the
 * synth result redacts secrets. Tests use it to see what a "[secret]" stands for.
 */
export async function observingEngineInputs<T>(run: () => Promise<T>): Promise<{ value: T; seen: EngineInput[] }> {
    const seen: EngineInput[] = [];
    const original = placeholderMocks.newResource.bind(placeholderMocks);
    placeholderMocks.newResource = (args) => {
        seen.push({ type: args.type, name: args.name, inputs: obj(args.inputs) });
        return original(args);
    };
    try {
        return { value: await run(), seen };
    } finally {
        placeholderMocks.newResource = original;
    }
}

/** A value with every secret wrapper replaced by what it wraps. */
export function unwrapSecrets(value: unknown): unknown {
    if (pulumi.runtime.isRpcSecret(value)) return unwrapSecrets(pulumi.runtime.unwrapRpcSecret(value));
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    return value;
}

/** The data keys of every Secret the engine received, by `namespace/name`. */
export function secretKeysSeen(seen: readonly EngineInput[]): SecretKeys {
    const keys = new Map<string, string[]>();
    for (const input of seen.filter((s) => s.type === SECRET_TYPE)) {
        const inputs = obj(unwrapSecrets(input.inputs));
        const metadata = obj(inputs.metadata);
        keys.set(`${str(metadata.namespace)}/${str(metadata.name)}`, [
            ...Object.keys(obj(inputs.stringData)),
            ...Object.keys(obj(inputs.data)),
        ]);
    }
    return keys;
}
