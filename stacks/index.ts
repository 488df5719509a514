import { IstioAcmeIngress } from "../components/istioAcmeIngress";
import { readStackConfig } from "./config";

/**
 * The stack program: one IstioAcmeIngress per stack, configured from `Pulumi.<stack>.yaml`.
 * Pulumi calls the exported function and exports what it returns as stack outputs.
 */
export = async () => {
    const ingress = new IstioAcmeIngress("ingress", readStackConfig());
    return {
        loadBalancerAddress: ingress.loadBalancerAddress,
        gatewayNamespace: ingress.gatewayNamespace,
        clusterIssuerName: ingress.clusterIssuerName,
        certificates: ingress.certificates,
        iamUserArn: ingress.iamUserArn,
        accessKeyId: ingress.accessKeyId,
    };
};
