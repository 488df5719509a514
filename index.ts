export { IstioAcmeIngress } from "./components/istioAcmeIngress";
export type { GatewayApiParts, IstioApiParts } from "./components/istioAcmeIngress";
export type {
    AccessKeyCredentialsArgs,
    AcmeArgs,
    CaaArgs,
    CertManagerArgs,
    ChartValues,
    DestinationArgs,
    ExternalAccountBindingArgs,
    GatewayArgs,
    HttpRouteArgs,
    IstioAcmeIngressArgs,
    IrsaCredentialsArgs,
    IstioArgs,
    LoadBalancerArgs,
    RoutingArgs,
    HealthCheckArgs,
    IstioApiArgs,
    IstioGatewayApiArgs,
    IstioValuesArgs,
    GatewayApiArgs,
    PodIdentityCredentialsArgs,
    Route53Args,
    Route53CredentialsConfig,
    RouteArgs,
    UriMatchArgs,
    WeightedDestinationArgs,
    ZoneArgs,
} from "./components/args";
export type { CertificateInfo } from "./components/certificates/certificates";
export { IstioInstall } from "./components/istio/istioInstall";
export type { IstioInstallArgs } from "./components/istio/istioInstall";
export { CertManagerInstall } from "./components/certManager/certManagerInstall";
export type { CertManagerInstallArgs } from "./components/certManager/certManagerInstall";
export { Route53Credentials } from "./components/route53Credentials/route53Credentials";
export type { Route53CredentialsArgs, Route53SecretRef } from "./components/route53Credentials/route53Credentials";
export type { CredentialsPlan } from "./components/route53Credentials/mode";
export { CERT_MANAGER_SERVICE_ACCOUNT } from "./components/route53Credentials/serviceAccount";
export { AcmeClusterIssuer } from "./components/issuer/acmeClusterIssuer";
export type { AcmeClusterIssuerArgs } from "./components/issuer/acmeClusterIssuer";
export { Certificates } from "./components/certificates/certificates";
export type { CertificatesArgs } from "./components/certificates/certificates";
export { Gateways } from "./components/istioApi/gateways/gateways";
export type { GatewaysArgs, GatewayRef } from "./components/istioApi/gateways/gateways";
export { DnsRecords } from "./components/dnsRecords/dnsRecords";
export type { DnsRecordInfo, DnsRecordsArgs } from "./components/dnsRecords/dnsRecords";
export { planRecords } from "./components/dnsRecords/spec";
export type { RecordPlan, RecordZone } from "./components/dnsRecords/spec";
export type { LoadBalancerTarget } from "./components/dnsRecords/target";
export { AcmeServer, CredentialsMode, IstioApi, LoadBalancerKind, RecordType, ServiceType } from "./components/enums";
export { FailoverRole, HealthCheckProbe, RoutingPolicy } from "./components/enums";
export { Routes } from "./components/istioApi/routes/routes";
export type { RoutesArgs } from "./components/istioApi/routes/routes";
export { GatewayApiCrds } from "./components/gatewayApi/crds/gatewayApiCrds";
export type { GatewayApiCrdsArgs } from "./components/gatewayApi/crds/gatewayApiCrds";
export { KubernetesGateways } from "./components/gatewayApi/gateways/kubernetesGateways";
export type { KubernetesGatewaysArgs, KubernetesGatewayRef } from "./components/gatewayApi/gateways/kubernetesGateways";
export { HttpRoutes } from "./components/gatewayApi/routes/httpRoutes";
export type { HttpRoutesArgs } from "./components/gatewayApi/routes/httpRoutes";
export { validateIngressConfig, formatProblems } from "./components/config/validate";
export type { ConfigProblem } from "./components/config/validate";
export { planIngress } from "./components/plan";
export type { GatewayApiPlan, IngressPlan, IstioApiPlan } from "./components/plan";
export { assumeRolePolicyDocument, dns01PolicyDocument } from "./components/route53Credentials/policy";
export { irsaTrustPolicy, podIdentityTrustPolicy } from "./components/route53Credentials/trust";
export type { TrustPolicyDocument } from "./components/route53Credentials/trust";
export type { PolicyDocument } from "./components/route53Credentials/policy";
