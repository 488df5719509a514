import type { IstioAcmeIngressArgs } from "../components/args";
import { IstioAcmeIngress } from "../components/istioAcmeIngress";
import { readStackConfig } from "./config";

/**
 * The stack program: one IstioAcmeIngress per stack, configured from `Pulumi.<stack>.yaml`.
 * Pulumi calls the exported function and exports what it returns as stack outputs:
 * - loadBalancerAddress: where to point the hosts' DNS records (with the Gateway API: the first gateway's);
 * - loadBalancerAddresses: each gateway's load balancer address, by gateway name;
 * - gatewayNamespace: where the certificates' secrets live;
 * - clusterIssuerName: the ClusterIssuer that issues them;
 * - certificates: each certificate's name, secret and hosts;
 * - dnsRecords: each host's Route53 record (name, type, target, zone), when route53.records is on;
 * - iamUserArn, accessKeyId: cert-manager's IAM user and its current key (accessKey mode only);
 * - roleArn: the role cert-manager's pods assume (irsa and podIdentity modes only);
 * - iamName: the name of that user or role, known before the first `up`.
 *
 * Pulumi calls it without arguments; offline synth passes the config it has already read.
 */
export = async (args: IstioAcmeIngressArgs = readStackConfig()) => {
    const ingress = new IstioAcmeIngress("ingress", args);
    return {
        loadBalancerAddress: ingress.loadBalancerAddress,
        loadBalancerAddresses: ingress.loadBalancerAddresses,
        gatewayNamespace: ingress.gatewayNamespace,
        clusterIssuerName: ingress.clusterIssuerName,
        certificates: ingress.certificates,
        dnsRecords: ingress.dnsRecords,
        iamName: ingress.iamName,
        ...(ingress.iamUserArn ? { iamUserArn: ingress.iamUserArn } : {}),
        ...(ingress.accessKeyId ? { accessKeyId: ingress.accessKeyId } : {}),
        ...(ingress.roleArn ? { roleArn: ingress.roleArn } : {}),
    };
};
