import * as pulumi from "@pulumi/pulumi";
import type {
    AcmeServer,
    ClientIpPreservation,
    CredentialsMode,
    FailoverRole,
    HealthCheckProbe,
    IstioApi,
    LoadBalancerKind,
    LoadBalancerScheme,
    RoutingPolicy,
    ServiceType,
    TlsVersion,
} from "./enums";

/**
 * Arguments of {@link IstioAcmeIngress}. They mirror the stack config keys
 * (`istio-acme-ingress:acme`, `:route53`, `:istio`, `:certManager`, `:gateways`, `:routes`).
 *
 * Names and hosts are plain values, not outputs: they decide which resources exist,
 * so they must be known when the program runs, also during `pulumi preview`.
 *
 * Every type here is one Pulumi's component schema analyzer accepts (interfaces, optional members,
 * `as const` enums; no unions or literal types), so that every Pulumi language can use the
 * component. Which members apply together (e.g. a credentials `mode` and its keys) is checked when
 * the component is constructed, and every problem is reported at once.
 */
export interface IstioAcmeIngressArgs {
    /** The ACME account and CA. */
    acme: AcmeArgs;
    /** The Route53 hosted zones that prove control of the hosts (DNS-01). */
    route53: Route53Args;
    /**
     * How Istio is installed, and which API the gateways and routes use.
     * @default Istio's API, every member at its default
     */
    istio?: IstioArgs;
    /**
     * The Gateway API CRDs; only with `istio.api: "gateway-api"`.
     * @default every member at its default
     */
    gatewayApi?: GatewayApiArgs;
    /**
     * How cert-manager is installed.
     * @default every member at its default
     */
    certManager?: CertManagerArgs;
    /** The gateways to create (Istio or Kubernetes Gateways); each gets its own certificate(s). At least one. */
    gateways: GatewayArgs[];
    /**
     * The routes (VirtualServices or HTTPRoutes) from the gateways to services.
     * @default [] (no routes: the gateways serve their certificates but route no request)
     */
    routes?: RouteArgs[];
    /**
     * Production defaults for every workload the component deploys, so that a node drain, a node
     * group upgrade or the loss of a zone never takes HTTPS or cert-manager's webhook down: istiod
     * and each gateway run at least 2 replicas (gateways scale to 5 on CPU), cert-manager runs 2
     * controllers, 3 webhooks and 2 cainjectors; each gets a PodDisruptionBudget that lets a drain
     * take one pod at a time, zone and node spread, and requests. Set false on a one-node
     * development cluster, where a second replica has nowhere else to go and a drain of the node
     * would wait for it: every workload then runs the charts' defaults (one replica, no budget).
     * Single settings are overridden through the charts' values (`istio.values`, `certManager.values`),
     * merged over these defaults. docs/production.md lists each default, why it is there and what it costs.
     * @default true
     */
    highAvailability?: boolean;
    /**
     * The namespaces the gateways, routes and their backends live in, other than those the component
     * creates itself (Istio's, the gateways' and cert-manager's). docs/namespaces.md.
     * @default `{ create: false }`: each must exist; the deployment reads each before any object goes there
     */
    namespaces?: NamespacesArgs;
}

/** The namespaces of routes, gateways and backends that the component does not create itself. */
export interface NamespacesArgs {
    /**
     * Create each of them (a `v1` Namespace, before the objects that go there). Leave false when
     * another tool owns them (GitOps, a team's own stack): the deployment then reads each one and stops
     * before writing any route when one is missing. A namespace created here is deleted with the stack,
     * and everything in it.
     * @default false
     */
    create?: boolean;
}

export interface AcmeArgs {
    /**
     * Contact address of the ACME account, for the CA's notices about the account. Let's Encrypt sends no
     * expiry warnings since June 2025; cert-manager renews each certificate before it expires (`pulumi up`
     * does not), so watch the Certificates' Ready condition or cert-manager's expiry metric instead.
     */
    email: pulumi.Input<string>;
    /**
     * The ACME CA by keyword: `staging` or `production` (Let's Encrypt), `zerossl`, `google` or
     * `google-staging` (Google Trust Services), `sslcom-rsa` or `sslcom-ecc` (SSL.com). All but
     * Let's Encrypt need `externalAccountBinding`. For any other CA give `directoryUrl` instead. (A
     * stack config may still give a URL here, as before.) docs/acme.md lists each CA's directory,
     * CAA domain and profiles.
     * @default "staging", unless `directoryUrl` is given
     */
    server?: AcmeServer;
    /**
     * The https URL of any other ACME directory, e.g. a private CA's. Give this or `server`.
     * @default none: the CA named by `server`
     */
    directoryUrl?: string;
    /**
     * Name of the ClusterIssuer.
     * @default "letsencrypt-staging" or "letsencrypt-production" for Let's Encrypt, the keyword for
     * another CA known by keyword (e.g. "zerossl"), whether given by keyword or by its directory URL;
     * "acme" for the `directoryUrl` of any other CA
     */
    issuerName?: string;
    /**
     * The External Account Binding the CA issued for this stack's ACME account (RFC 8555 section
     * 7.3.4). Required by ZeroSSL, Google Trust Services and SSL.com, which register no account
     * without it; refused with Let's Encrypt, which has none. The key goes to a Secret in
     * cert-manager's namespace, `<issuerName>-eab`, which the ClusterIssuer reads when it registers.
     * @default none
     */
    externalAccountBinding?: ExternalAccountBindingArgs;
    /**
     * The certificate profile to request (the ACME profiles draft; the ClusterIssuer's
     * `spec.acme.profile`, cert-manager v1.18 or later). Let's Encrypt: `classic` (its default),
     * `tlsserver` (45-day certificates), `shortlived` (160-hour certificates); both of the latter take
     * at most 25 names, so a gateway's hosts are then split into Certificates of 25. Google Trust
     * Services: `standard`, `minimal`. Checked against the profiles the CA documents (docs/acme.md);
     * with a `directoryUrl`, passed on as given. Renewal follows each certificate's real lifetime
     * (cert-manager renews two thirds through it), whichever profile.
     * @default none: the CA's default profile
     */
    profile?: string;
}

/** An External Account Binding: the key ID and HMAC key a CA hands out for registering an ACME account. */
export interface ExternalAccountBindingArgs {
    /** The key ID (ZeroSSL's `eab_kid`, Google's `keyId`, SSL.com's "Account Key"). Not secret. */
    keyId: string;
    /**
     * The HMAC key (ZeroSSL's `eab_hmac_key`, Google's `b64MacKey`, SSL.com's "HMAC Key"), base64 or
     * base64url as the CA gives it; it is stored as cert-manager reads it (base64url without padding).
     * Always handled as a secret; in a stack config give it with
     * `pulumi config set --secret --path 'acme.externalAccountBinding.hmacKey' <key>`.
     */
    hmacKey: pulumi.Input<string>;
}

export interface Route53Args {
    /**
     * Region the solvers call Route53 in (Route53 is global; the AWS SDK still wants one).
     * @default the `aws:region` of the AWS provider
     */
    region?: pulumi.Input<string>;
    /** The hosted zones; every host must lie in one of them. At least one. */
    zones: ZoneArgs[];
    /**
     * How cert-manager reaches Route53: an IAM user and access key, IRSA, or EKS Pod Identity.
     * @default { mode: "accessKey" } (an IAM user whose key is never rotated)
     */
    credentials?: Route53CredentialsConfig;
    /**
     * Resolvers for cert-manager's DNS-01 self-check, `host:port` (e.g. `"8.8.8.8:53"`, or
     * `"169.254.169.253:53"` for the VPC resolver) or DNS-over-HTTPS URLs. When given, cert-manager
     * asks only these. Required when a zone is private. They must see the zone the challenge records
     * go to: for a private zone alone, resolvers inside the VPC; for a split-horizon domain, public
     * resolvers, since its challenges go to the public zone, which the VPC resolver hides behind the
     * private one (it answers the domain from the private zone only).
     * @default none: cert-manager asks the zones' authoritative nameservers
     */
    recursiveNameservers?: string[];
    /**
     * Create a Route53 record for every gateway host, in its zone (in both zones of a split-horizon
     * name), pointing at the gateway's load balancer. Records are never taken over: an existing one
     * stops `pulumi up` until it is imported or deleted. `true` needs `istio.serviceType: LoadBalancer`.
     * @default true when `istio.serviceType` is `LoadBalancer`, else false
     */
    records?: boolean;
    /**
     * TTL in seconds of the records that are not aliases (load balancer kinds `ipv4`, `ipv6`, `hostname`).
     * @default 300
     */
    recordTtl?: number;
    /**
     * What the gateway's load balancer is, when the Service annotations do not say it.
     * @default from `istio.serviceAnnotations`: `service.beta.kubernetes.io/aws-load-balancer-type`
     * `external`, `nlb-ip` or `nlb` is an NLB; none is kind `aws` (an NLB on a cluster with the AWS Load
     * Balancer Controller, else a Classic Load Balancer: told from its hostname at deploy time);
     * dual-stack when `service.beta.kubernetes.io/aws-load-balancer-ip-address-type` is `dualstack`
     */
    loadBalancer?: LoadBalancerArgs;
    /**
     * A role in the zones' account that this stack assumes to write the hosts' records and the zones'
     * CAA records (`caa`), e.g. `arn:aws:iam::210987654321:role/ingress-records`. Required with
     * `credentials.assumeRoleArn` (zones in another account) while records or `caa` are on; it needs
     * the record rights docs/records.md lists.
     * @default none: the records are written with the component's AWS provider
     */
    recordsRoleArn?: string;
    /**
     * How the hosts' records share their names with other stacks serving the same hosts from other
     * clusters (regions, blue/green): each stack writes its own weighted, latency or failover record
     * set per host, with its own health check. See docs/several-clusters.md.
     * @default { policy: "simple" }: one plain record set per host, which no other stack may write
     */
    routing?: RoutingArgs;
    /**
     * CAA records (RFC 8659) that let only the configured CA issue for the hosts' zones, by DNS-01
     * only (RFC 8657 `validationmethods`), optionally only to this stack's ACME account (`pinAccount`).
     * One record set at the apex of each public zone holding a host, which every name of the zone
     * reaches when a CA climbs the tree; `issuewild` allows wildcards where one is served and none
     * elsewhere. An existing CAA record set is never taken over: it stops `pulumi up` until it is
     * imported or deleted. A stack config may write `caa: true`. See docs/acme.md.
     * @default none: no CAA records
     */
    caa?: CaaArgs;
}

/** CAA records at the zones' apexes; see `route53.caa`. */
export interface CaaArgs {
    /**
     * Create the records. False keeps the settings but creates none (and deletes those created before).
     * @default true
     */
    enabled?: boolean;
    /**
     * Also restrict issuance to this stack's ACME account (RFC 8657 `accounturi`), read from the
     * ClusterIssuer's `status.acme.uri` once it is Ready: on a first `pulumi up` the records follow the
     * account's registration, and the Certificates follow the records. Honoured by Let's Encrypt;
     * check your CA's documentation for others.
     * @default false
     */
    pinAccount?: boolean;
    /**
     * With `pinAccount`: the ACME account URIs of other stacks that issue for these zones from the
     * same CA (e.g. the other region's cluster), allowed beside this stack's own.
     * @default []
     */
    accountUris?: string[];
    /**
     * The CAA domains of other CAs that keep issuing for these zones, by whatever method and account
     * (e.g. `amazon.com` for AWS Certificate Manager), each given `issue` and `issuewild`.
     * @default []
     */
    otherIssuers?: string[];
    /**
     * The CAA domain of the configured CA. Required for a CA given by `acme.directoryUrl`.
     * @default the CA's own, for a CA known by keyword (`letsencrypt.org`, `sectigo.com` for ZeroSSL, `pki.goog`, `ssl.com`)
     */
    issuerDomain?: string;
}

/**
 * The routing policy of this stack's record sets; `policy` selects which other keys apply: `weight`
 * with `weighted`, `region` with `latency`, `failover` with `failover`; `setIdentifier` and
 * `healthCheck` with any but `simple`. Every stack writing a name must use the same policy.
 */
export interface RoutingArgs {
    /**
     * `simple` (one record set per name), `weighted`, `latency` or `failover`. Switching a running
     * stack from `simple` to another policy replaces each record set in one Route53 change batch;
     * switch it before any other stack adds its own (docs/several-clusters.md).
     * @default "simple"
     */
    policy?: RoutingPolicy;
    /**
     * What tells this stack's record sets apart from the other stacks' of the same name (Route53's
     * `SetIdentifier`, 1-128 characters), unique among them. Not with `simple`.
     * @default "<project>-<stack>", e.g. "istio-acme-ingress-shop-eu"
     */
    setIdentifier?: string;
    /**
     * `weighted` only, and required there: this stack's share of the queries, 0-255, relative to the
     * sum of all weights of the name (all 0: equal shares; 0 beside others: only when they are all unhealthy).
     */
    weight?: number;
    /**
     * `failover` only, and required there: `PRIMARY` (answers while healthy) or `SECONDARY`. A name
     * has at most one of each.
     */
    failover?: FailoverRole;
    /**
     * `latency` only: the AWS region of this cluster's load balancer, from which Route53 measures
     * latency. One stack per region and name.
     * @default the stack's `aws:region`
     */
    region?: string;
    /**
     * The Route53 health check of each of this stack's load balancers, which its record sets
     * reference: while it fails, Route53 answers with the other stacks' record sets. Not with `simple`.
     * @default { enabled: true, probe: "readiness" }
     */
    healthCheck?: HealthCheckArgs;
}

/** One Route53 health check per load balancer of the stack (with the Gateway API: per Gateway). */
export interface HealthCheckArgs {
    /**
     * Create the health checks and reference them from the record sets. Without them Route53 still
     * skips an alias record set whose load balancer has no healthy target (`evaluateTargetHealth`).
     * @default true
     */
    enabled?: boolean;
    /**
     * `readiness`: HTTP `GET /healthz/ready` on Istio's status port 15021 through the load balancer.
     * `https`: HTTPS on port 443 with the gateway's first host (not a wildcard) as SNI, to load
     * balancers known by an IP address (kinds `ipv4`, `ipv6`) only.
     * @default "readiness"
     */
    probe?: HealthCheckProbe;
    /**
     * The path requested; a 2xx or 3xx answer within 2 seconds passes.
     * @default "/healthz/ready" (readiness), "/" (https)
     */
    path?: string;
    /**
     * Seconds between two checks from each Route53 checker: 10 or 30 (10 costs more).
     * @default 30
     */
    requestInterval?: number;
    /**
     * Consecutive failures (or passes) that turn the check unhealthy (or healthy), 1-10.
     * @default 3
     */
    failureThreshold?: number;
}

/** The gateway's load balancer, which decides the records' type. */
export interface LoadBalancerArgs {
    /**
     * `nlb` or `classic` (AWS; alias records), `aws` (an AWS load balancer whose kind its hostname shows at
     * deploy time; alias records), `ipv4` or `ipv6` (`A` / `AAAA` records), or `hostname` (another name:
     * `CNAME` records, which Route53 refuses at a zone apex). See docs/load-balancers.md.
     * @default from the Service annotations
     */
    kind?: LoadBalancerKind;
    /**
     * The NLB answers on IPv6 too: alias `AAAA` records beside the `A` records. `nlb` and `aws` only
     * (with `aws`, `pulumi up` stops if the load balancer turns out to be a Classic one).
     * @default from the Service annotations, else false
     */
    dualStack?: boolean;
}

/**
 * How cert-manager reaches Route53; `mode` selects which other keys apply: `rotateDays` with
 * `accessKey`, `oidcProviderArn` with `irsa`, `clusterName` with `podIdentity`; `assumeRoleArn` with any.
 */
export interface Route53CredentialsConfig {
    /**
     * `accessKey` (an IAM user and its key in a Secret; any cluster), `irsa` (a role through the EKS
     * cluster's OIDC provider) or `podIdentity` (a role through an EKS Pod Identity association).
     * @default "accessKey"
     */
    mode?: CredentialsMode;
    /**
     * `accessKey` only. Replace the access key when it is this many days old, at the first refreshing
     * `pulumi up` (`pulumi up --refresh`) after that; the new key is in the Secret before the old one is deleted.
     * @default none: the key is never rotated
     */
    rotateDays?: number;
    /**
     * `irsa` only, and required there. ARN of the cluster's IAM OIDC provider, e.g.
     * `arn:aws:iam::123456789012:oidc-provider/oidc.eks.ca-central-1.amazonaws.com/id/ABC`.
     */
    oidcProviderArn?: string;
    /**
     * `podIdentity` only, and required there. Name of the EKS cluster cert-manager runs in; it needs
     * the EKS Pod Identity Agent add-on.
     */
    clusterName?: string;
    /**
     * A role in the account that owns the zones, e.g. `arn:aws:iam::210987654321:role/dns01`.
     * cert-manager assumes it (the solvers' `role`); our identity may then only `sts:AssumeRole`
     * on it (and `sts:TagSession` in podIdentity mode, whose session tags are transitive), with no
     * Route53 rights of its own. The role must trust our identity (docs/credentials.md) and
     * carry the DNS-01 policy (see `dns01PolicyDocument`). Every zone must then give its `hostedZoneId`.
     * @default none: the identity writes the challenge records itself
     */
    assumeRoleArn?: string;
}

/** @deprecated Use {@link Route53CredentialsConfig} with `mode: "accessKey"`; kept so that existing TypeScript programs compile. */
export interface AccessKeyCredentialsArgs extends Route53CredentialsConfig {
    mode?: "accessKey";
}

/** @deprecated Use {@link Route53CredentialsConfig} with `mode: "irsa"`; kept so that existing TypeScript programs compile. */
export interface IrsaCredentialsArgs extends Route53CredentialsConfig {
    mode: "irsa";
    oidcProviderArn: string;
}

/** @deprecated Use {@link Route53CredentialsConfig} with `mode: "podIdentity"`; kept so that existing TypeScript programs compile. */
export interface PodIdentityCredentialsArgs extends Route53CredentialsConfig {
    mode: "podIdentity";
    clusterName: string;
}

export interface ZoneArgs {
    /** The zone's domain, e.g. `example.com`. */
    domain: string;
    /**
     * The hosted zone ID, e.g. `Z0123456789ABCDEFGHIJ`. Required for a private zone and with
     * `credentials.assumeRoleArn`.
     * @default looked up by `domain` among the account's public zones at deploy time
     */
    hostedZoneId?: pulumi.Input<string>;
    /**
     * The hosted zone is private (or the private half of a split-horizon name): cert-manager's
     * zone lookup skips private zones, so `hostedZoneId` is required, and so is
     * `route53.recursiveNameservers` (resolvers that see the zone the challenge records go to: see
     * there). A domain may have one public and one private zone: the hosts' records go to both, the
     * DNS-01 challenges to the public one only.
     * @default false
     */
    private?: boolean;
}

/**
 * How Istio is installed; `api` selects the API the gateways and routes are declared in, and each
 * API takes only its own keys (`gatewayName` belongs to Istio's API).
 */
export interface IstioArgs {
    /**
     * `istio`: Istio `Gateway`s and `VirtualService`s on the workload of Istio's `gateway` chart.
     * `gateway-api`: Kubernetes `Gateway`s (class `istio`), for which istiod deploys a Deployment and
     * a load balancer Service named `<gateway>-istio`, and `HTTPRoute`s; see `gatewayApi` for its CRDs.
     * @default "istio"
     */
    api?: IstioApi;
    /**
     * Exact Istio version of the `base`, `istiod` (and, with Istio's API, `gateway`) charts. Upgrade
     * one minor version at a time (1.30.x -> 1.31.x).
     * @default "1.31.1"
     */
    version?: string;
    /**
     * Chart repository: an `oci://` registry path or an `https://` Helm repository (Istio's is
     * `https://blob.istio.io/istio-release/charts`), or a mirror of either. The old locations on
     * `gcr.io/istio-release` and `istio-release.storage.googleapis.com` are refused: Istio removes
     * them in December 2026.
     * @default "oci://ghcr.io/istio/release/charts"
     */
    repository?: string;
    /**
     * Image registry path of Istio's images (`<hub>/pilot:<version>`, `<hub>/proxyv2:<version>`), set
     * as istiod's `global.hub`; the gateway's `image: auto` is filled in by istiod's injector from it.
     * Set it for a mirror (e.g. an ECR pull-through cache). `registry.istio.io` and
     * `gcr.io/istio-release` are refused: Istio publishes nothing after 1.30 there.
     * @default "docker.io/istio"
     */
    hub?: string;
    /**
     * Namespace of the control plane (`base`, `istiod`).
     * @default "istio-system"
     */
    namespace?: string;
    /**
     * Namespace of the ingress gateway: with Istio's API the gateway release, whose Certificates'
     * secrets live here too; with the Gateway API the default namespace of the Gateways.
     * @default "istio-ingress"
     */
    gatewayNamespace?: string;
    /**
     * Type of the gateway's Service (with the Gateway API: of each Gateway's Service, through the
     * Gateway annotation `networking.istio.io/service-type`).
     * @default "LoadBalancer"
     */
    serviceType?: ServiceType;
    /**
     * Annotations on the gateway's Service, e.g. for the AWS Load Balancer Controller (with the
     * Gateway API: `spec.infrastructure.annotations` of each Gateway, at most 16).
     * @default {}
     */
    serviceAnnotations?: Record<string, string>;
    /**
     * Whether the gateway's load balancer faces the internet (`internet-facing`) or the VPC only
     * (`internal`). Written onto the Service whatever `serviceAnnotations` say, for both AWS
     * controllers: `service.beta.kubernetes.io/aws-load-balancer-scheme` (the AWS Load Balancer
     * Controller, which makes an internal NLB without it) and, for `internal`,
     * `service.beta.kubernetes.io/aws-load-balancer-internal: "true"` (the in-tree cloud provider). A
     * stack's own such annotation must agree. An internal load balancer's records go to private zones
     * only. `LoadBalancer` Service only. See docs/load-balancers.md.
     * @default "internet-facing"
     */
    loadBalancerScheme?: LoadBalancerScheme;
    /**
     * Istio's API only. Helm release name of the ingress gateway; its pods are labelled
     * `istio: <name without "istio-">`.
     * @default "istio-ingressgateway"
     */
    gatewayName?: string;
    /**
     * Further values of Istio's charts (resources, node selectors, tolerations, log levels...), each
     * merged over the component's own values of that chart the way Helm merges values files: maps merge
     * key by key, anything else (lists included) replaces, and `null` removes the chart's default.
     * Keys the component sets from other config are refused, naming that config key (`global.hub`:
     * use `hub`). Checked when the stack is configured: against the gateway chart's values schema, and
     * for `base` and `istiod` (which ship none) against the top-level keys the chart reads. See
     * docs/chart-values.md.
     * @default {}: the component's values only
     */
    values?: IstioValuesArgs;
    /**
     * The lowest TLS version the gateways accept on HTTPS. With Istio's API each HTTPS server's
     * `tls.minProtocolVersion`; with the Gateway API, whose listeners have no such field, the mesh's
     * `meshConfig.tlsDefaults.minProtocolVersion` in istiod's values, which reaches every TLS server of
     * the mesh. `TLSV1_3` cannot go with Route53's `https` health check probe (TLS 1.2 at most). See
     * docs/edge-settings.md.
     * @default "TLSV1_2"
     */
    minTlsVersion?: TlsVersion;
    /**
     * Istio's API only. How the client's IP address reaches the gateway through an AWS load balancer,
     * for its access logs, `X-Forwarded-For` / `X-Envoy-External-Address` and AuthorizationPolicies.
     * See docs/edge-settings.md.
     * @default { preservation: "none" }
     */
    clientIp?: ClientIpArgs;
}

/** The client's IP address at Istio's gateway (`istio.clientIp`). */
export interface ClientIpArgs {
    /**
     * `local`: the gateway Service's `externalTrafficPolicy: Local` (NLB instance targets, or a NodePort
     * behind your own L4 load balancer). `proxyProtocol`: the PROXY protocol from an NLB of the AWS Load
     * Balancer Controller or a Classic ELB to the gateway; needs `serviceType` LoadBalancer, and then
     * every connection must come through that load balancer. `none`: nothing.
     * @default "none"
     */
    preservation?: ClientIpPreservation;
    /**
     * Proxies in front of the load balancer that append to `X-Forwarded-For` (a CDN, an ALB): the
     * gateway takes the address that many hops from the right as the client's (ProxyConfig
     * `gatewayTopology.numTrustedProxies`). Leave it unset when clients reach the load balancer directly.
     * @default none: X-Forwarded-For is not trusted
     */
    numTrustedProxies?: number;
}

/**
 * Free-form values of a Helm chart, as a values file holds them. The one open type of the args:
 * Pulumi's component schema analyzer can describe free-form values only as `any` (the package schema's
 * `pulumi.json#/Any`); the chart's own schema, not TypeScript, says what fits (see docs/chart-values.md).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form chart values: the analyzer's pulumi.json#/Any
export type ChartValues = Record<string, any>;

/** Values of each of Istio's charts, merged over the component's own (see `istio.values`). */
export interface IstioValuesArgs {
    /** Values of the `base` chart (Istio's CRDs and the default revision's validating webhook). */
    base?: ChartValues;
    /** Values of the `istiod` chart (the control plane; e.g. `resources`, `nodeSelector`, `meshConfig`, `pdb`). */
    istiod?: ChartValues;
    /**
     * Values of the `gateway` chart (the ingress gateway's Deployment, Service and HPA; e.g.
     * `resources`, `autoscaling`, `nodeSelector`, `service.externalTrafficPolicy`). Istio's API only:
     * with the Gateway API istiod deploys each Gateway and there is no gateway chart.
     */
    gateway?: ChartValues;
}

/** @deprecated Use {@link IstioArgs} with `api: "istio"`; kept so that existing TypeScript programs compile. */
export interface IstioApiArgs extends IstioArgs {
    api?: "istio";
}

/** @deprecated Use {@link IstioArgs} with `api: "gateway-api"`; kept so that existing TypeScript programs compile. */
export interface IstioGatewayApiArgs extends IstioArgs {
    api: "gateway-api";
}

/** The Gateway API CRDs; only with `istio.api: "gateway-api"`. */
export interface GatewayApiArgs {
    /**
     * Install the standard-channel CRDs (before istiod and any Gateway or route). Set false when the
     * cluster manages them (a platform add-on, another tool): they must then be at least the release
     * matched to the Istio version.
     * @default true
     */
    installCrds?: boolean;
    /**
     * The Gateway API release, e.g. `"v1.6.1"`; never older than what is installed (the bundle's
     * admission policy refuses a downgrade).
     * @default the release matched to the Istio minor: 1.30 -> "v1.5.1", 1.31 -> "v1.6.1"
     */
    version?: string;
    /**
     * URL of the release's `standard-install.yaml`, for a mirror. The Kubernetes provider downloads
     * and parses it at every preview and update (`crdsFile` keeps the bundle in your repository instead).
     * @default "https://github.com/kubernetes-sigs/gateway-api/releases/download/<version>/standard-install.yaml"
     */
    crdsUrl?: string;
    /**
     * Path of a Gateway API bundle (the release's `standard-install.yaml`) kept in your own
     * repository, read by the program itself instead of the provider downloading `crdsUrl` at every
     * preview: for air-gapped and reproducible previews, and a plan and PR diff that show each CRD.
     * A relative path resolves against the program's working directory, the Pulumi project's folder
     * (where `Pulumi.yaml` is) when Pulumi runs it. The file may hold only CRDs of
     * `gateway.networking.k8s.io` (standard channel) and the bundle's safe-upgrades admission
     * policy and binding, all of one `gateway.networking.k8s.io/bundle-version`, which is the release
     * installed (`version` may be left out). Not with `crdsUrl`. docs/gateway-api-crds.md shows how
     * to vendor a release.
     * @default none: the CRDs come from `crdsUrl`
     */
    crdsFile?: string;
    /**
     * sha256 of `crdsFile`'s bytes (64 hex digits, what `sha256sum` prints), compared before anything
     * is registered: a file that differs is a config error showing both digests. Only with `crdsFile`.
     * @default none: the file is not compared
     */
    crdsSha256?: string;
    /**
     * How istiod deploys each Gateway: its HPA and requests, given to istiod through a ConfigMap
     * `<gateway>-infrastructure` in the Gateway's namespace that the Gateway's
     * `spec.infrastructure.parametersRef` names. With `highAvailability` the ConfigMap also gives each
     * Gateway a PodDisruptionBudget of one pod at a time and zone and node spread. Without
     * `highAvailability` and without these settings there is no ConfigMap, and istiod runs each Gateway
     * with one replica, no HPA and no budget.
     * @default with highAvailability, 2 to 5 replicas, 100m CPU and 128Mi memory requested per pod
     */
    deployment?: GatewayDeploymentArgs;
}

/** What istiod deploys for each Kubernetes Gateway (Gateway API mode). */
export interface GatewayDeploymentArgs {
    /**
     * Fewest replicas of each Gateway's Deployment: its HPA's `minReplicas`. At least 2 keep the
     * Gateway serving while a node is drained.
     * @default 2 with highAvailability, else 1
     */
    minReplicas?: number;
    /**
     * Most replicas the HPA scales each Gateway's Deployment to, on CPU (80% of the request).
     * @default 5
     */
    maxReplicas?: number;
    /**
     * CPU request of each gateway pod, a Kubernetes quantity such as `"250m"`: the HPA's CPU target
     * is relative to it.
     * @default "100m"
     */
    cpuRequest?: string;
    /**
     * Memory request of each gateway pod, a Kubernetes quantity such as `"256Mi"`.
     * @default "128Mi"
     */
    memoryRequest?: string;
}

export interface CertManagerArgs {
    /**
     * Exact cert-manager chart version (with the leading `v`).
     * @default "v1.21.1"
     */
    version?: string;
    /**
     * Chart repository: an `oci://` registry path or an `https://` Helm repository.
     * @default "oci://quay.io/jetstack/charts"
     */
    repository?: string;
    /**
     * Namespace of cert-manager; the ClusterIssuer's secrets live here.
     * @default "cert-manager"
     */
    namespace?: string;
    /**
     * Further values of the cert-manager chart (e.g. `resources`, `webhook.resources`, `nodeSelector`,
     * `global.logLevel`, `prometheus`), merged over the component's own the way Helm merges values files
     * (as `istio.values` are). Keys the component sets are refused, naming why or the config key
     * that sets them (`dns01RecursiveNameservers`: use `route53.recursiveNameservers`). Checked when the
     * stack is configured against the chart's values schema. See docs/chart-values.md.
     * @default {}: the component's values only
     */
    values?: ChartValues;
}

export interface GatewayArgs {
    /** Name of the Gateway object; also names its Certificates and their secrets. */
    name: string;
    /**
     * Namespace of the Gateway object. Its certificates live in the gateway namespace with Istio's API
     * (where the gateway workload reads them), in this namespace with the Gateway API (where its listeners read them).
     * @default the gateway namespace (`istio.gatewayNamespace`)
     */
    namespace?: string;
    /** Hosts served over HTTPS, each listed once; `*.apps.example.com` wildcards allowed. */
    hosts: string[];
    /**
     * Answer plain HTTP on port 80 with a redirect to HTTPS.
     * @default true
     */
    httpsRedirect?: boolean;
    /**
     * Send a `Strict-Transport-Security` header (HSTS, RFC 6797) with every response of this
     * gateway's routes, so browsers use HTTPS only for its hosts. Needs `httpsRedirect`: the header
     * must not go over plain HTTP. In a stack config `hsts: true` takes the defaults. See docs/edge-settings.md.
     * @default none: no header
     */
    hsts?: HstsArgs;
}

/** The `Strict-Transport-Security` header of a gateway's routes. */
export interface HstsArgs {
    /**
     * How long browsers remember to use HTTPS only, in seconds (`max-age`); 0 makes them forget it.
     * @default 31536000 (a year)
     */
    maxAgeSeconds?: number;
    /**
     * Also for every name below each host (`includeSubDomains`), served here or not.
     * @default false
     */
    includeSubdomains?: boolean;
    /**
     * Mark the hosts for the browsers' preload list (`preload`). hstspreload.org takes them only with
     * `includeSubdomains` and `maxAgeSeconds` of at least 31536000, which the config check holds it to;
     * the component submits nothing.
     * @default false
     */
    preload?: boolean;
}

export interface RouteArgs {
    /** Name of the VirtualService (Istio's API) or HTTPRoute (Gateway API). */
    name: string;
    /**
     * Namespace of the route; short destination hosts resolve in it.
     * @default the namespace of its gateway
     */
    namespace?: string;
    /** Name of one of `gateways`. */
    gateway: string;
    /**
     * Hosts routed; each must be served by the gateway. With the Gateway API at most 16 (an HTTPRoute's
     * hostnames). Another route may route the same host only with paths this route cannot take, or
     * with a rule that takes every path where the other has none (docs/routing.md); a name listed
     * here is served by this route alone, also where another route serves a wildcard covering it.
     */
    hosts: string[];
    /**
     * HTTP rules, tried in order: the first that matches a request takes it. At least one. A rule that
     * an earlier one leaves no request, and a rule after a regex that may take the regex's paths, are
     * refused (the Gateway API would rank them otherwise).
     */
    http: HttpRouteArgs[];
}

export interface HttpRouteArgs {
    /**
     * Which requests this route takes, by URI; exactly one of `prefix`, `exact`, `regex`.
     * @default every request
     */
    match?: UriMatchArgs;
    /** The one destination; give this or `destinations`. */
    destination?: DestinationArgs;
    /** Several weighted destinations whose weights add up to 100; give this or `destination`. */
    destinations?: WeightedDestinationArgs[];
}

/**
 * How a route matches the request path (without its query string); give exactly one. Each means the
 * same with both APIs (docs/routing.md).
 */
export interface UriMatchArgs {
    /**
     * Paths in this prefix, by whole path segments, as the Gateway API's `PathPrefix`; starts with `/`.
     * A trailing `/` is ignored: `/api` and `/api/` both take `/api`, `/api/` and `/api/x`, never
     * `/apix`; `/` takes every path. With Istio's API this is written as `exact: /api` plus
     * `prefix: /api/` (a VirtualService `prefix` alone is a plain string prefix). Releases up to 0.1.0
     * gave Istio's API the plain string prefix: see the upgrade notes in docs/routing.md.
     */
    prefix?: string;
    /** This path only, e.g. `/healthz`, case-sensitive; starts with `/`. */
    exact?: string;
    /**
     * An RE2 regular expression that must match the whole path, e.g. `/v[0-9]+/.*` (Envoy's
     * `safe_regex` in both APIs). The Gateway API leaves a regex's precedence to the implementation
     * (Istio ranks every exact and prefix match above it), so no later rule of the route, and no rule
     * of another route of the host, may take a path the regex may take; a regex is taken to take every
     * path that starts with its literal beginning (`/v` for `/v[0-9]+/.*`).
     */
    regex?: string;
}

export interface DestinationArgs {
    /**
     * Service name (short, in the route's namespace) or fully qualified. With the Gateway API it must
     * name a Service: `name` or `name.namespace.svc.cluster.local` (another namespace gets a ReferenceGrant).
     */
    host: string;
    /** Service port, 1-65535. */
    port: number;
}

export interface WeightedDestinationArgs extends DestinationArgs {
    /** Share of the traffic in percent. */
    weight: number;
}
