import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { IstioAcmeIngressArgs } from "./args";
import { CertificateInfo, Certificates } from "./certificates/certificates";
import { CertManagerInstall, CertManagerInstallArgs } from "./certManager/certManagerInstall";
import { requireComputed } from "./computedValues";
import { CaaRecords } from "./caaRecords/caaRecords";
import { DnsRecordInfo, DnsRecords, DnsRecordsArgs } from "./dnsRecords/dnsRecords";
import { formatProblems, validateIngressConfig } from "./config/validate";
import { GatewayApiCrds } from "./gatewayApi/crds/gatewayApiCrds";
import { stackNamespaces } from "./namespaces/namespaces";
import { Gateways } from "./istioApi/gateways/gateways";
import { HttpRoutes } from "./gatewayApi/routes/httpRoutes";
import { AcmeClusterIssuer } from "./issuer/acmeClusterIssuer";
import { IstioInstall } from "./istio/istioInstall";
import { KubernetesGateways } from "./gatewayApi/gateways/kubernetesGateways";
import { GatewayApiPlan, IngressPlan, IstioApiPlan, planIngress, RecordsPlan } from "./plan";
import { Route53Credentials } from "./route53Credentials/route53Credentials";
import { CERT_MANAGER_SERVICE_ACCOUNT } from "./route53Credentials/serviceAccount";
import { Routes } from "./istioApi/routes/routes";

/** Checks the args and plans what to create; throws `InputPropertiesError` listing every problem. */
function planOrThrow(args: IstioAcmeIngressArgs): IngressPlan {
    const result = validateIngressConfig(args);
    if (!result.ok) throw new pulumi.InputPropertiesError({ message: formatProblems(result.problems), errors: result.problems });
    const routing = result.config.route53.routing;
    if (routing.policy === "latency" && routing.region === undefined && aws.config.region === undefined) {
        throw new pulumi.InputPropertyError({
            propertyPath: "route53.routing.region",
            reason: "is required when the AWS provider has no aws:region: latency record sets name the region of their load balancer",
        });
    }
    return planIngress(result.config, { project: pulumi.getProject(), stack: pulumi.getStack(), awsRegion: aws.config.region });
}

function route53Region(args: IstioAcmeIngressArgs): pulumi.Input<string> {
    const region = args.route53.region ?? aws.config.region;
    if (region === undefined) {
        throw new pulumi.InputPropertyError({
            propertyPath: "route53.region",
            reason: "is required when the AWS provider has no aws:region",
        });
    }
    return region;
}

/**
 * cert-manager and its Route53 identity, in the order each mode needs: the access key's Secret
 * lives in cert-manager's namespace, so it comes after the install; a role's ARN goes into the
 * chart's ServiceAccount annotations, so the role comes before it.
 */
function certManagerWithCredentials(
    name: string,
    plan: IngressPlan,
    zones: Array<{ hostedZoneId: pulumi.Input<string> }>,
    parent: pulumi.Resource,
): { certManager: CertManagerInstall; credentials: Route53Credentials } {
    const credentialsFor = (namespace: pulumi.Input<string>) =>
        new Route53Credentials(
            `${name}-route53`,
            { namespace, hostedZoneIds: zones.map((zone) => zone.hostedZoneId), credentials: plan.credentials },
            { parent },
        );
    const install = (serviceAccount?: CertManagerInstallArgs["serviceAccount"]) =>
        new CertManagerInstall(
            `${name}-cert-manager`,
            {
                ...plan.certManager,
                serviceAccount,
                recursiveNameservers: plan.recursiveNameservers,
                highAvailability: plan.highAvailability,
            },
            { parent },
        );

    if (plan.credentials.mode === "accessKey") {
        const certManager = install();
        return { certManager, credentials: credentialsFor(certManager.namespace) };
    }
    const credentials = credentialsFor(plan.certManager.namespace);
    const certManager = install({ name: CERT_MANAGER_SERVICE_ACCOUNT, annotations: credentials.serviceAccountAnnotations });
    return { certManager, credentials };
}

/** The parts of Istio's own API: Istio Gateways on the `gateway` chart's workload, and VirtualServices. */
export interface IstioApiParts {
    api: "istio";
    gateways: Gateways;
    routes: Routes;
}

/** The parts of the Kubernetes Gateway API: its CRDs (unless the cluster manages them), Gateways, HTTPRoutes. */
export interface GatewayApiParts {
    api: "gateway-api";
    crds: GatewayApiCrds | undefined;
    gateways: KubernetesGateways;
    routes: HttpRoutes;
}

interface ComposedApi {
    parts: IstioApiParts | GatewayApiParts;
    /** Each gateway's load balancer address, by gateway name. */
    addresses: Record<string, pulumi.Output<string>>;
    /** Where the hosts' records point, and what reports it; undefined when nothing has a load balancer. */
    loadBalancer?: {
        address: pulumi.Output<string>;
        waitFor: pulumi.Resource[];
        /** Each host's own address and reporter, where each gateway has its own load balancer. */
        hostAddresses?: ReadonlyMap<string, pulumi.Output<string>>;
        hostWaitFor?: ReadonlyMap<string, pulumi.Resource[]>;
    };
}

/** Istio Gateways and VirtualServices: they need Istio's CRDs (and each Gateway its Certificates); the gateway chart serves them. */
function composeIstioApi(
    name: string,
    api: IstioApiPlan,
    istio: IstioInstall,
    certificates: Certificates,
    managedNamespaces: Record<string, pulumi.Resource>,
    parent: pulumi.Resource,
): ComposedApi {
    const gateways = new Gateways(
        `${name}-gateways`,
        { gateways: api.gateways, selector: api.gatewayRelease.selector, managedNamespaces, certificates: certificates.resourcesByGateway },
        { parent, dependsOn: [istio.base] },
    );
    const routes = new Routes(
        `${name}-routes`,
        { routes: api.routes, gateways: gateways.gateways, managedNamespaces },
        { parent, dependsOn: [istio.base] },
    );
    const addresses = Object.fromEntries(api.gateways.map((gateway) => [gateway.name, istio.loadBalancerAddress]));
    const loadBalancer = istio.gatewayService ? { address: istio.loadBalancerAddress, waitFor: [istio.gatewayService] } : undefined;
    return { parts: { api: "istio", gateways, routes }, addresses, loadBalancer };
}

/**
 * Kubernetes Gateways and HTTPRoutes: they need the Gateway API CRDs; istiod deploys each Gateway,
 * which waits for istiod and for the Certificates its listeners read.
 */
function composeGatewayApi(
    name: string,
    api: GatewayApiPlan,
    crds: GatewayApiCrds | undefined,
    istio: IstioInstall,
    certificates: Certificates,
    managedNamespaces: Record<string, pulumi.Resource>,
    plan: IngressPlan,
    parent: pulumi.Resource,
): ComposedApi {
    const crdObjects = crds?.resources ?? [];
    const gateways = new KubernetesGateways(
        `${name}-gateways`,
        {
            gateways: api.gateways,
            serviceType: plan.istio.serviceType,
            serviceAnnotations: plan.istio.serviceAnnotations,
            managedNamespaces,
            certificates: certificates.resourcesByGateway,
        },
        { parent, dependsOn: [...crdObjects, istio.istiod] },
    );
    const routes = new HttpRoutes(
        `${name}-routes`,
        { routes: api.routes, redirects: api.redirects, referenceGrants: api.referenceGrants, managedNamespaces },
        { parent, dependsOn: crdObjects },
    );
    const refs = Object.values(gateways.gateways);
    const addresses = Object.fromEntries(refs.map((gateway) => [gateway.name, gateway.address]));
    const hostGateway = api.gateways.flatMap((gateway) => gateway.hosts.map((host) => [host, gateways.gateways[gateway.name]] as const));
    const loadBalancer =
        plan.istio.serviceType === "LoadBalancer" && refs.length > 0
            ? {
                  address: refs[0].address,
                  waitFor: [],
                  hostAddresses: new Map(hostGateway.map(([host, gateway]) => [host, gateway.address])),
                  hostWaitFor: new Map(hostGateway.map(([host, gateway]) => [host, [gateway.resource]])),
              }
            : undefined;
    return { parts: { api: "gateway-api", crds, gateways, routes }, addresses, loadBalancer };
}

/**
 * The hosts' Route53 records. Each waits for the load balancer it points at (where each gateway has
 * its own, its host's Gateway) and for the certificates covering its host, so a name leads to the
 * gateway only once it serves that name; certificates need no records (DNS-01). Zones in another
 * account are written through a role there.
 */
function hostRecords(
    name: string,
    plan: RecordsPlan,
    loadBalancer: NonNullable<ComposedApi["loadBalancer"]>,
    zones: DnsRecordsArgs["zones"],
    certificates: Certificates,
    region: pulumi.Input<string>,
    parent: pulumi.Resource,
): DnsRecords {
    const provider = plan.roleArn
        ? new aws.Provider(
              name,
              { region, assumeRoles: [{ roleArn: plan.roleArn, sessionName: "istio-acme-ingress-records" }] },
              { parent },
          )
        : undefined;
    const hostWaitFor = new Map(
        plan.records.map((record) => [
            record.host,
            [
                ...record.certificates.map((certificate) => certificates.resources[certificate]),
                ...(loadBalancer.hostWaitFor?.get(record.host) ?? []),
            ],
        ]),
    );
    return new DnsRecords(
        name,
        {
            records: plan.records,
            zones,
            address: loadBalancer.address,
            hostAddresses: loadBalancer.hostAddresses,
            target: plan.target,
            ttl: plan.ttl,
            waitFor: loadBalancer.waitFor,
            provider,
            hostWaitFor,
            routing: plan.routing,
            healthChecks: plan.healthChecks,
        },
        { parent },
    );
}

/** The resources an {@link IstioAcmeIngress} is made of, for programs that build on them. */
export interface IngressParts {
    istio: IstioInstall;
    certManager: CertManagerInstall;
    credentials: Route53Credentials;
    issuer: AcmeClusterIssuer;
    certificates: Certificates;
    /** The gateways and routes, in the API the stack chose: check `api` before using them. */
    api: IstioApiParts | GatewayApiParts;
    /** The hosts' Route53 records; undefined when `route53.records` is off. */
    records: DnsRecords | undefined;
    /** The zones' CAA records; undefined when `route53.caa` is off. */
    caa: CaaRecords | undefined;
}

/**
 * Each component's parts, kept outside the class: a class property would be read by Pulumi's schema
 * analyzer as an output, and resources are no output another language can take.
 */
const partsOf = new WeakMap<IstioAcmeIngress, IngressParts>();

/**
 * Public HTTPS for a Kubernetes cluster through an Istio ingress gateway, with certificates from an
 * ACME CA (Let's Encrypt by default) proven by DNS-01 challenges in Route53.
 *
 * It installs Istio and cert-manager with Helm, creates cert-manager's Route53 identity (an IAM user
 * and a key in a Secret, or a role for IRSA or EKS Pod Identity), and declares the ClusterIssuer, Certificates, Gateways and VirtualServices.
 */
export class IstioAcmeIngress extends pulumi.ComponentResource {
    /**
     * Hostname or IP of the ingress load balancer: point the hosts' DNS records here. Empty unless the
     * Service is a LoadBalancer. With the Gateway API each gateway has its own: this is the first one's.
     */
    public readonly loadBalancerAddress: pulumi.Output<string>;
    /** Each gateway's load balancer address, by gateway name (with Istio's API they all share one). */
    public readonly loadBalancerAddresses: Record<string, pulumi.Output<string>>;
    /** Namespace of the ingress gateway, where the certificates' secrets live. */
    public readonly gatewayNamespace: pulumi.Output<string>;
    /** Name of the ClusterIssuer. */
    public readonly clusterIssuerName: pulumi.Output<string>;
    /** Each certificate: its name, its secret's name and its hosts. */
    public readonly certificates: CertificateInfo[];
    /** The Route53 record of every host (both zones of a split-horizon name); empty when `route53.records` is off. */
    public readonly dnsRecords: pulumi.Output<DnsRecordInfo[]>;
    /** ARN of the IAM user cert-manager uses for Route53; only in accessKey mode. */
    public readonly iamUserArn: pulumi.Output<string> | undefined;
    /** ID of that user's current access key (not secret; the secret key never leaves the Kubernetes Secret); only in accessKey mode. */
    public readonly accessKeyId: pulumi.Output<string> | undefined;
    /** ARN of the IAM role cert-manager's pods assume; only in irsa and podIdentity modes. */
    public readonly roleArn: pulumi.Output<string> | undefined;
    /**
     * Name of cert-manager's IAM user or role and of its policy, `cert-manager-dns01-<project>-<stack>`
     * (shortened with a hash past IAM's 64 characters), under the path `/istio-acme-ingress/`. Known
     * before the first `up`, so a role in the zones' account can trust it beforehand.
     */
    public readonly iamName: pulumi.Output<string>;
    /**
     * The parts, for programs that build on them: e.g. `dependsOn: [ingress.parts.istio.gateway]` for
     * what needs the gateway running, or `ingress.parts.certManager.release` for your own cert-manager objects.
     * TypeScript only: a getter, so that the package schema (other languages) lists the outputs, not the resources.
     */
    public get parts(): IngressParts {
        const parts = partsOf.get(this);
        if (!parts) throw new Error("IstioAcmeIngress: parts are set in the constructor");
        return parts;
    }

    constructor(name: string, args: IstioAcmeIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad args leave no half-made component behind.
        const plan = planOrThrow(args);
        const region = route53Region(args);
        super("istio-acme-ingress:index:IstioAcmeIngress", name, {}, opts);

        // The Gateway API CRDs come before istiod, which serves the Gateway API kinds it finds at its start.
        const crds =
            plan.api.api === "gateway-api" && plan.api.crds
                ? new GatewayApiCrds(`${name}-gateway-api-crds`, plan.api.crds, { parent: this })
                : undefined;
        const istio = new IstioInstall(
            `${name}-istio`,
            {
                ...plan.istio,
                gatewayName: plan.api.api === "istio" ? plan.api.gatewayRelease.name : undefined,
                gatewayApiCrds: crds?.resources,
                highAvailability: plan.highAvailability,
                meshMinTlsVersion: plan.api.api === "gateway-api" ? plan.api.meshMinTlsVersion : undefined,
            },
            { parent: this },
        );

        const allZones = plan.zones.map((zone) => ({
            domain: zone.domain,
            private: zone.private,
            dns01: zone.dns01,
            hostedZoneId:
                zone.hostedZoneId ??
                requireComputed(
                    aws.route53.getZoneOutput({ name: zone.domain, privateZone: false }, { parent: this }).zoneId,
                    `the hosted zone ID of ${zone.domain}`,
                    `aws.route53.getZone({ name: "${zone.domain}" }) returned no zoneId`,
                ),
        }));
        // Challenges go to the public zone of a split-horizon name only: that is what the ACME CA asks.
        const zones = allZones.filter((zone) => zone.dns01).map(({ domain, hostedZoneId }) => ({ domain, hostedZoneId }));
        const { certManager, credentials } = certManagerWithCredentials(name, plan, zones, this);
        // The solvers read the credentials when they answer a challenge: the issuer waits for them.
        const issuer = new AcmeClusterIssuer(
            `${name}-issuer`,
            {
                name: plan.issuer.name,
                server: plan.issuer.server,
                email: plan.issuer.email,
                region,
                zones,
                auth: credentials.solverAuth,
                externalAccountBinding: plan.issuer.externalAccountBinding && {
                    ...plan.issuer.externalAccountBinding,
                    namespace: certManager.namespace,
                },
                profile: plan.issuer.profile,
            },
            { parent: this, dependsOn: [certManager.release, credentials] },
        );

        // The CA checks CAA when it validates an order: the records come before the Certificates. Pinned
        // to the ACME account, they also wait for the issuer to be Ready, which is when it is registered.
        const caa = plan.caa
            ? new CaaRecords(
                  `${name}-caa`,
                  {
                      plan: plan.caa,
                      hostedZoneIds: new Map(allZones.filter((zone) => !zone.private).map((zone) => [zone.domain, zone.hostedZoneId])),
                      accountUri: issuer.accountUri,
                      region,
                  },
                  { parent: this },
              )
            : undefined;

        // Names and namespaces are plain values from the plan, so a preview shows every field;
        // readiness is explicit. Certificates need cert-manager's webhook, their issuer and the
        // namespace their secrets go to (a managed one waits for it), not Istio itself.
        // The namespaces of routes, gateways and backends it does not create: created, or read first.
        const namespaces = { ...istio.namespaces, ...stackNamespaces(`${name}-namespace`, plan.namespaces, this) };
        const certificates = new Certificates(
            `${name}-certificates`,
            { managedNamespaces: namespaces, issuerName: issuer.issuerName, certificates: plan.certificates },
            { parent: this, dependsOn: [certManager.release, issuer.issuer, ...Object.values(caa?.resources ?? {})] },
        );

        const api =
            plan.api.api === "istio"
                ? composeIstioApi(name, plan.api, istio, certificates, namespaces, this)
                : composeGatewayApi(name, plan.api, crds, istio, certificates, namespaces, plan, this);

        const records =
            plan.records && api.loadBalancer
                ? hostRecords(`${name}-records`, plan.records, api.loadBalancer, allZones, certificates, region, this)
                : undefined;

        partsOf.set(this, { istio, certManager, credentials, issuer, certificates, api: api.parts, records, caa });
        this.loadBalancerAddresses = api.addresses;
        this.loadBalancerAddress = Object.values(api.addresses)[0] ?? pulumi.output("");
        this.gatewayNamespace = istio.gatewayNamespace;
        this.clusterIssuerName = pulumi.output(issuer.issuerName);
        this.certificates = certificates.certificates;
        this.dnsRecords = records ? records.records : pulumi.output([]);
        this.iamUserArn = credentials.userArn;
        this.accessKeyId = credentials.accessKeyId;
        this.roleArn = credentials.roleArn;
        this.iamName = pulumi.output(credentials.iamName);
        this.registerOutputs({
            loadBalancerAddress: this.loadBalancerAddress,
            loadBalancerAddresses: this.loadBalancerAddresses,
            gatewayNamespace: this.gatewayNamespace,
            clusterIssuerName: this.clusterIssuerName,
            certificates: this.certificates,
            dnsRecords: this.dnsRecords,
            iamUserArn: this.iamUserArn,
            accessKeyId: this.accessKeyId,
            roleArn: this.roleArn,
            iamName: this.iamName,
        });
    }
}
