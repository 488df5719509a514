export { IstioAcmeIngress } from "./components/istioAcmeIngress";
export type {
    AcmeArgs,
    CertManagerArgs,
    DestinationArgs,
    GatewayArgs,
    HttpRouteArgs,
    IstioAcmeIngressArgs,
    IstioArgs,
    Route53Args,
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
export { AcmeClusterIssuer } from "./components/issuer/acmeClusterIssuer";
export type { AcmeClusterIssuerArgs } from "./components/issuer/acmeClusterIssuer";
export { Certificates } from "./components/certificates/certificates";
export type { CertificatesArgs } from "./components/certificates/certificates";
export { Gateways } from "./components/gateways/gateways";
export type { GatewaysArgs, GatewayRef } from "./components/gateways/gateways";
export { Routes } from "./components/routes/routes";
export type { RoutesArgs } from "./components/routes/routes";
export { validateIngressConfig, formatProblems } from "./components/config/validate";
export type { ConfigProblem } from "./components/config/validate";
export { planIngress } from "./components/plan";
export type { IngressPlan } from "./components/plan";
export { dns01PolicyDocument } from "./components/route53Credentials/policy";
export type { PolicyDocument } from "./components/route53Credentials/policy";
