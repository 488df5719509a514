import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { IstioAcmeIngressArgs } from "./args";
import { CertificateInfo, Certificates } from "./certificates/certificates";
import { CertManagerInstall, CertManagerInstallArgs } from "./certManager/certManagerInstall";
import { DnsRecordInfo, DnsRecords } from "./dnsRecords/dnsRecords";
import { coveredBy } from "./config/dns";
import { formatProblems, validateIngressConfig } from "./config/validate";
import { Gateways } from "./gateways/gateways";
import { AcmeClusterIssuer } from "./issuer/acmeClusterIssuer";
import { IstioInstall } from "./istio/istioInstall";
import { IngressPlan, planIngress } from "./plan";
import { Route53Credentials } from "./route53Credentials/route53Credentials";
import { CERT_MANAGER_SERVICE_ACCOUNT } from "./route53Credentials/serviceAccount";
import { Routes } from "./routes/routes";

/** Checks the args and plans what to create; throws `InputPropertiesError` listing every problem. */
function planOrThrow(args: IstioAcmeIngressArgs): IngressPlan {
    const result = validateIngressConfig(args);
    if (!result.ok) throw new pulumi.InputPropertiesError({ message: formatProblems(result.problems), errors: result.problems });
    return planIngress(result.config);
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
            { ...plan.certManager, serviceAccount, recursiveNameservers: plan.recursiveNameservers },
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

/**
 * Public HTTPS for a Kubernetes cluster through an Istio ingress gateway, with certificates from an
 * ACME CA (Let's Encrypt by default) proven by DNS-01 challenges in Route53.
 *
 * It installs Istio and cert-manager with Helm, creates cert-manager's Route53 identity (an IAM user
 * and a key in a Secret, or a role for IRSA or EKS Pod Identity), and declares the ClusterIssuer, Certificates, Gateways and VirtualServices.
 */
export class IstioAcmeIngress extends pulumi.ComponentResource {
    /** Hostname or IP of the ingress load balancer: point the hosts' DNS records here. Empty unless the Service is a LoadBalancer. */
    public readonly loadBalancerAddress: pulumi.Output<string>;
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
     * The parts, for programs that build on them: e.g. `dependsOn: [ingress.parts.istio.gateway]` for
     * what needs the gateway running, or `ingress.parts.certManager.release` for your own cert-manager objects.
     */
    public readonly parts: {
        istio: IstioInstall;
        certManager: CertManagerInstall;
        credentials: Route53Credentials;
        issuer: AcmeClusterIssuer;
        certificates: Certificates;
        gateways: Gateways;
        routes: Routes;
        /** The hosts' Route53 records; undefined when `route53.records` is off. */
        records: DnsRecords | undefined;
    };

    constructor(name: string, args: IstioAcmeIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything, so bad args leave no half-made component behind.
        const plan = planOrThrow(args);
        const region = route53Region(args);
        super("istio-acme-ingress:index:IstioAcmeIngress", name, {}, opts);

        const istio = new IstioInstall(`${name}-istio`, plan.istio, { parent: this });

        const allZones = plan.zones.map((zone) => ({
            domain: zone.domain,
            private: zone.private,
            dns01: zone.dns01,
            hostedZoneId:
                zone.hostedZoneId ?? aws.route53.getZoneOutput({ name: zone.domain, privateZone: false }, { parent: this }).zoneId,
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
            },
            { parent: this, dependsOn: [certManager.release, credentials] },
        );

        // Names and namespaces are plain values from the plan, so a preview shows every field;
        // readiness is explicit. Certificates need cert-manager's webhook, their issuer and the gateway
        // namespace their secrets go to, not Istio itself.
        const gatewayNamespace = istio.namespaces[plan.istio.gatewayNamespace];
        const certificates = new Certificates(
            `${name}-certificates`,
            { namespace: plan.istio.gatewayNamespace, issuerName: issuer.issuerName, certificates: plan.certificates },
            { parent: this, dependsOn: [certManager.release, issuer.issuer, gatewayNamespace] },
        );

        const managedNamespaces = istio.namespaces;
        const gateways = new Gateways(
            `${name}-gateways`,
            {
                gateways: plan.gateways,
                selector: plan.istio.gatewaySelector,
                managedNamespaces,
                certificates: certificates.resourcesByGateway,
            },
            { parent: this, dependsOn: [istio.base] },
        );
        const routes = new Routes(
            `${name}-routes`,
            { routes: plan.routes, gateways: gateways.gateways, managedNamespaces },
            { parent: this, dependsOn: [istio.base] },
        );

        // Records wait for the load balancer they point at, and each host's for its certificate, so a
        // name leads to the gateway only once it serves that name; certificates need no records (DNS-01).
        const records =
            plan.records && istio.gatewayService
                ? new DnsRecords(
                      `${name}-records`,
                      {
                          records: plan.records.records,
                          zones: allZones,
                          address: istio.loadBalancerAddress,
                          target: plan.records.target,
                          ttl: plan.records.ttl,
                          waitFor: [istio.gatewayService],
                          provider: plan.records.roleArn
                              ? new aws.Provider(
                                    `${name}-records`,
                                    { region, assumeRoles: [{ roleArn: plan.records.roleArn, sessionName: "istio-acme-ingress-records" }] },
                                    { parent: this },
                                )
                              : undefined,
                          // The certificates whose names cover the host (a wildcard name covers several).
                          hostWaitFor: new Map(
                              plan.records.records.map(({ host }) => [
                                  host,
                                  plan.certificates
                                      .filter((certificate) => coveredBy(host, certificate.dnsNames))
                                      .map((certificate) => certificates.resources[certificate.name]),
                              ]),
                          ),
                      },
                      { parent: this },
                  )
                : undefined;

        this.parts = { istio, certManager, credentials, issuer, certificates, gateways, routes, records };
        this.loadBalancerAddress = istio.loadBalancerAddress;
        this.gatewayNamespace = istio.gatewayNamespace;
        this.clusterIssuerName = pulumi.output(issuer.issuerName);
        this.certificates = certificates.certificates;
        this.dnsRecords = records ? records.records : pulumi.output([]);
        this.iamUserArn = credentials.userArn;
        this.accessKeyId = credentials.accessKeyId;
        this.roleArn = credentials.roleArn;
        this.registerOutputs({
            loadBalancerAddress: this.loadBalancerAddress,
            gatewayNamespace: this.gatewayNamespace,
            clusterIssuerName: this.clusterIssuerName,
            certificates: this.certificates,
            dnsRecords: this.dnsRecords,
            iamUserArn: this.iamUserArn,
            accessKeyId: this.accessKeyId,
            roleArn: this.roleArn,
        });
    }
}
