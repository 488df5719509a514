import { IstioAcmeIngress } from "../components/istioAcmeIngress";
import { readStackConfig } from "./config";

/**
 * The stack program: one IstioAcmeIngress per stack, configured from `Pulumi.<stack>.yaml`.
 * Pulumi calls the exported function and exports what it returns as stack outputs:
 * - loadBalancerAddress: where to point the hosts' DNS records;
 * - gatewayNamespace: where the certificates' secrets live;
 * - clusterIssuerName: the ClusterIssuer that issues them;
 * - certificates: each certificate's name, secret and hosts;
 * - iamUserArn, accessKeyId: cert-manager's IAM user and its current key (accessKey mode only);
 * - roleArn: the role cert-manager's pods assume (irsa and podIdentity modes only).
 */
export = async () => {
    const ingress = new IstioAcmeIngress("ingress", readStackConfig());
    return {
        loadBalancerAddress: ingress.loadBalancerAddress,
        gatewayNamespace: ingress.gatewayNamespace,
        clusterIssuerName: ingress.clusterIssuerName,
        certificates: ingress.certificates,
        ...(ingress.iamUserArn ? { iamUserArn: ingress.iamUserArn } : {}),
        ...(ingress.accessKeyId ? { accessKeyId: ingress.accessKeyId } : {}),
        ...(ingress.roleArn ? { roleArn: ingress.roleArn } : {}),
    };
};
