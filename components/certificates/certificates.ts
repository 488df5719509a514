import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dependsOnWith } from "../dependsOn";
import type { CertificatePlan } from "../plan";
import { CERTIFICATE_AWAIT_ANNOTATIONS, CERTIFICATE_DELETION_ANNOTATIONS, certificateSpec } from "./spec";

export interface CertificatesArgs {
    /** Namespaces this program creates, by name: a Certificate in one waits for it. Others must exist already. */
    managedNamespaces: Record<string, pulumi.Resource>;
    /** Name of the ClusterIssuer that signs them. */
    issuerName: string;
    /** The certificates to request, each in the namespace where its gateway reads it. */
    certificates: CertificatePlan[];
}

/** What a caller needs of one certificate. */
export interface CertificateInfo {
    /** Name of the Certificate object. */
    name: string;
    /** Name of the Secret it writes, which the Gateway's HTTPS server reads. */
    secretName: string;
    /** Namespace of the Certificate and its Secret. */
    namespace: string;
    /** The DNS names on the certificate. */
    hosts: string[];
}

/**
 * cert-manager.io/v1 Certificates, one per planned group, each writing the Secret a Gateway server
 * reads. Give it `dependsOn` the cert-manager release and the ClusterIssuer.
 */
export class Certificates extends pulumi.ComponentResource {
    /** Every certificate: its name, the Secret it writes and its hosts. */
    public readonly certificates: CertificateInfo[];
    /** The Certificate objects of each gateway, by gateway name, for what must wait for them. */
    public readonly resourcesByGateway: Record<string, k8s.apiextensions.CustomResource[]>;
    /** The Certificate objects, by certificate name, for what must wait until one is Ready. */
    public readonly resources: Readonly<Record<string, k8s.apiextensions.CustomResource>>;

    constructor(name: string, args: CertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:Certificates", name, {}, opts);
        this.resourcesByGateway = {};
        const resources: Record<string, k8s.apiextensions.CustomResource> = {};
        for (const certificate of args.certificates) {
            const resource = new k8s.apiextensions.CustomResource(
                `${name}-${certificate.name}`,
                {
                    apiVersion: "cert-manager.io/v1",
                    kind: "Certificate",
                    metadata: {
                        name: certificate.name,
                        namespace: certificate.namespace,
                        labels: { "istio-acme-ingress/gateway": certificate.gateway },
                        annotations: { ...CERTIFICATE_AWAIT_ANNOTATIONS, ...CERTIFICATE_DELETION_ANNOTATIONS },
                    },
                    spec: certificateSpec(certificate, args.issuerName),
                },
                // Children do not inherit a component's dependsOn: pass it on.
                { parent: this, dependsOn: dependsOnWith(opts?.dependsOn, args.managedNamespaces[certificate.namespace]) },
            );
            (this.resourcesByGateway[certificate.gateway] ??= []).push(resource);
            resources[certificate.name] = resource;
        }
        this.resources = resources;
        this.certificates = args.certificates.map(({ name: certName, secretName, namespace, dnsNames }) => ({
            name: certName,
            secretName,
            namespace,
            hosts: dnsNames,
        }));
        this.registerOutputs({ certificates: this.certificates });
    }
}
