/**
 * The keywords and modes of {@link IstioAcmeIngressArgs}, as `as const` objects with a type of the
 * same name: Pulumi's component schema analyzer turns each into an enum of the package schema (so
 * Python, Go, .NET, Java and YAML programs get `IstioApi.GATEWAY_API` and the like), while
 * TypeScript programs may keep writing the plain strings (`api: "gateway-api"`).
 *
 * Each object is declared before its type: the analyzer reads the members from the declaration
 * it finds first.
 */

/**
 * The ACME directories known by keyword; any other CA is given by `acme.directoryUrl`. Each keyword's
 * directory URL, External Account Binding need, CAA domain and profiles are in `ACME_CAS`
 * (components/config/defaults.ts) and docs/acme.md.
 */
export const AcmeServer = {
    /** Let's Encrypt's staging directory: untrusted certificates, generous rate limits. */
    Staging: "staging",
    /** Let's Encrypt's production directory: trusted certificates. */
    Production: "production",
    /** ZeroSSL (Sectigo): needs `externalAccountBinding`. */
    ZeroSsl: "zerossl",
    /** Google Trust Services (Google Cloud Public CA): needs `externalAccountBinding`. */
    GoogleTrustServices: "google",
    /** Google Trust Services' staging directory: untrusted certificates; needs its own `externalAccountBinding`. */
    GoogleTrustServicesStaging: "google-staging",
    /** SSL.com, RSA chain: needs `externalAccountBinding`. */
    SslComRsa: "sslcom-rsa",
    /** SSL.com, ECC chain: needs `externalAccountBinding`. */
    SslComEcc: "sslcom-ecc",
} as const;
export type AcmeServer = (typeof AcmeServer)[keyof typeof AcmeServer];

/** How cert-manager reaches Route53. */
export const CredentialsMode = {
    /** An IAM user whose access key is stored in a Secret in cert-manager's namespace. Works on any cluster. */
    AccessKey: "accessKey",
    /** An IAM role for cert-manager's ServiceAccount through the EKS cluster's OIDC provider (IRSA). */
    Irsa: "irsa",
    /** An IAM role given to cert-manager's ServiceAccount by an EKS Pod Identity association. */
    PodIdentity: "podIdentity",
} as const;
export type CredentialsMode = (typeof CredentialsMode)[keyof typeof CredentialsMode];

/**
 * The API the gateways and routes are declared in: Istio's own `Gateway`/`VirtualService`
 * (networking.istio.io, served by the `gateway` chart's workload), or the Kubernetes Gateway API
 * (gateway.networking.k8s.io `Gateway`/`HTTPRoute`, for which istiod deploys each gateway itself).
 */
export const IstioApi = {
    /** Istio `Gateway`s and `VirtualService`s on the workload of Istio's `gateway` chart. */
    Istio: "istio",
    /** Kubernetes `Gateway`s (class `istio`) and `HTTPRoute`s; istiod deploys each Gateway. */
    GatewayApi: "gateway-api",
} as const;
export type IstioApi = (typeof IstioApi)[keyof typeof IstioApi];

/** Type of the gateway's Kubernetes Service. */
export const ServiceType = {
    /** A cloud load balancer in front of the gateway: the hosts' records point at it. */
    LoadBalancer: "LoadBalancer",
    /** A port on every node; put your own load balancer in front. */
    NodePort: "NodePort",
    /** Reachable inside the cluster only. */
    ClusterIP: "ClusterIP",
} as const;
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType];

/** What the gateway's load balancer is, which decides the Route53 records' type. */
export const LoadBalancerKind = {
    /** An AWS Network Load Balancer: alias records. */
    Nlb: "nlb",
    /** An AWS Classic Load Balancer: alias records. */
    Classic: "classic",
    /** An IPv4 address (MetalLB, kube-vip, a cloud that hands out IPs): `A` records. */
    Ipv4: "ipv4",
    /** An IPv6 address: `AAAA` records. */
    Ipv6: "ipv6",
    /** Another DNS name: `CNAME` records, which Route53 refuses at a zone apex. */
    Hostname: "hostname",
    /**
     * An AWS load balancer the annotations cannot tell (no `aws-load-balancer-type`): an NLB where the
     * AWS Load Balancer Controller claims the Service, a Classic Load Balancer where the in-tree cloud
     * provider makes it. Alias records either way, to the canonical zone of the kind its hostname shows
     * at deploy time.
     */
    Aws: "aws",
} as const;
export type LoadBalancerKind = (typeof LoadBalancerKind)[keyof typeof LoadBalancerKind];

/** The type of a Route53 record the component writes. */
export const RecordType = {
    A: "A",
    AAAA: "AAAA",
    CNAME: "CNAME",
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/**
 * How Route53 answers for a name that several stacks (clusters) serve: each stack writes its own
 * record set for every host, told apart by a set identifier.
 */
export const RoutingPolicy = {
    /** One record set per name: one cluster serves the hosts, and a second stack on them fails with "already exists". */
    Simple: "simple",
    /** Each cluster gets a share of the queries in proportion to its weight (0-255). */
    Weighted: "weighted",
    /** Each cluster answers the queries from where its AWS region has the lowest latency. */
    Latency: "latency",
    /** The PRIMARY cluster answers while it is healthy, the SECONDARY otherwise. */
    Failover: "failover",
} as const;
export type RoutingPolicy = (typeof RoutingPolicy)[keyof typeof RoutingPolicy];

/** A stack's role among the failover record sets of a name: Route53 takes at most one of each. */
export const FailoverRole = {
    /** Answers while its health check passes. */
    Primary: "PRIMARY",
    /** Answers while the primary is unhealthy. */
    Secondary: "SECONDARY",
} as const;
export type FailoverRole = (typeof FailoverRole)[keyof typeof FailoverRole];

/** What a Route53 health check of a cluster's load balancer asks. */
export const HealthCheckProbe = {
    /**
     * HTTP `GET /healthz/ready` on Istio's status port 15021 of the load balancer: a gateway pod
     * behind it answers 200 once its Envoy is live with configuration from istiod.
     */
    Readiness: "readiness",
    /**
     * HTTPS to the load balancer's IP on port 443, with a gateway host as SNI and `Host`: the
     * gateway's listener for that host and the route behind `path` answer. Load balancers known by
     * an IP address only (kinds `ipv4`, `ipv6`).
     */
    Https: "https",
} as const;
export type HealthCheckProbe = (typeof HealthCheckProbe)[keyof typeof HealthCheckProbe];

/**
 * The lowest TLS version the gateways' HTTPS servers accept, in Istio's own names
 * (`ServerTLSSettings.minProtocolVersion`, `MeshConfig.TLSConfig.minProtocolVersion`).
 */
export const TlsVersion = {
    /** TLS 1.2 and 1.3: every current browser and HTTP client. */
    TLSV1_2: "TLSV1_2",
    /** TLS 1.3 only: clients that stop at 1.2 are refused, and so are Route53's HTTPS health checks. */
    TLSV1_3: "TLSV1_3",
} as const;
export type TlsVersion = (typeof TlsVersion)[keyof typeof TlsVersion];

/** Whether the gateway's load balancer can be reached from the internet. */
export const LoadBalancerScheme = {
    /** Reachable from the internet: public DNS records point at it. */
    InternetFacing: "internet-facing",
    /** Reachable from the VPC (and networks joined to it) only: its records go to private zones only. */
    Internal: "internal",
} as const;
export type LoadBalancerScheme = (typeof LoadBalancerScheme)[keyof typeof LoadBalancerScheme];

/** How the client's IP address reaches Istio's gateway through an AWS load balancer (`istio.clientIp`; docs/edge-settings.md). */
export const ClientIpPreservation = {
    /** Nothing set: the gateway sees a node's or the load balancer's address, unless the load balancer keeps it on its own. */
    None: "none",
    /**
     * The gateway Service's `externalTrafficPolicy: Local`: an NLB with instance targets keeps the
     * address up to the node, and kube-proxy no longer forwards to (and SNATs towards) other nodes.
     */
    LocalTrafficPolicy: "local",
    /**
     * PROXY protocol: the load balancer annotation `aws-load-balancer-proxy-protocol: "*"` (v2 on an NLB
     * of the AWS Load Balancer Controller, v1 on a Classic ELB), and the gateway reading the header on
     * every listener, its status port included.
     */
    ProxyProtocol: "proxyProtocol",
} as const;
export type ClientIpPreservation = (typeof ClientIpPreservation)[keyof typeof ClientIpPreservation];
