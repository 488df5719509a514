import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { validateIngressConfig } from "../../components/config/validate";
import { minimalArgs, one, synthComponent } from "../support/harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const IRSA = { mode: "irsa", oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ca-central-1.amazonaws.com/id/ABC" };

function problems(overrides: Record<string, unknown>): Array<[string, string]> {
    const result = validateIngressConfig({ ...minimalArgs(), ...overrides });
    return result.ok ? [] : result.problems.map((problem) => [problem.propertyPath, problem.reason]);
}

const istioValues = (values: Record<string, unknown>, istio: Record<string, unknown> = {}) => problems({ istio: { ...istio, values } });
const certManagerValues = (values: Record<string, unknown>, route53: Record<string, unknown> = {}) =>
    problems({
        certManager: { values },
        route53: { zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }], ...route53 },
    });

describe("pass-through chart values: config", () => {
    it("takes values every chart has, at any depth", () => {
        assert.deepEqual(
            istioValues({
                base: { base: { validationCABundle: "" } },
                istiod: { resources: { requests: { cpu: "500m", memory: "2Gi" } }, meshConfig: { accessLogFile: "/dev/stdout" }, pdb: {} },
                gateway: {
                    resources: { requests: { cpu: "1", memory: "1Gi" } },
                    service: { externalTrafficPolicy: "Local" },
                    podDisruptionBudget: { unhealthyPodEvictionPolicy: "AlwaysAllow" },
                    tolerations: [{ key: "edge", operator: "Exists", effect: "NoSchedule" }],
                },
            }),
            [],
        );
        assert.deepEqual(
            certManagerValues({
                global: { logLevel: 4 },
                webhook: { resources: { requests: { cpu: "50m" } } },
                prometheus: { enabled: true },
            }),
            [],
        );
    });

    it("refuses what the component sets, naming the config key that sets it", () => {
        assert.deepEqual(istioValues({ istiod: { global: { hub: "docker.io/istio", logging: { level: "default:debug" } } } }), [
            ["istio.values.istiod.global.hub", "is set by the component: use istio.hub"],
        ]);
        assert.deepEqual(istioValues({ base: { global: { istioNamespace: "mesh" } } }), [
            ["istio.values.base.global.istioNamespace", "is set by the component: use istio.namespace"],
        ]);
        assert.deepEqual(istioValues({ gateway: { service: { type: "NodePort", annotations: { a: "b" } } } }), [
            ["istio.values.gateway.service.annotations", "is set by the component: use istio.serviceAnnotations"],
            ["istio.values.gateway.service.type", "is set by the component: use istio.serviceType"],
        ]);
        assert.deepEqual(certManagerValues({ dns01RecursiveNameservers: "8.8.8.8:53", crds: { keep: false } }), [
            [
                "certManager.values.crds",
                "is set by the component: the component installs cert-manager's CRDs with the chart and keeps them when the release is deleted",
            ],
            ["certManager.values.dns01RecursiveNameservers", "is set by the component: use route53.recursiveNameservers"],
        ]);
    });

    it("refuses replacing a map the component fills in, also with null", () => {
        assert.deepEqual(istioValues({ istiod: { global: null } }), [
            ["istio.values.istiod.global", "would replace global.hub, which is set by the component: use istio.hub"],
            ["istio.values.istiod.global", "would replace global.istioNamespace, which is set by the component: use istio.namespace"],
        ]);
        assert.deepEqual(certManagerValues({ startupapicheck: false }), [
            [
                "certManager.values.startupapicheck",
                "would replace startupapicheck.enabled, which is set by the component: the release waits for this job, so that the issuer and certificates find the webhook answering",
            ],
        ]);
    });

    it("leaves the rest of an owned section free: startupapicheck's tolerations, the gateway's own labels", () => {
        assert.deepEqual(certManagerValues({ startupapicheck: { timeout: "5m", tolerations: [] } }), []);
        assert.deepEqual(istioValues({ gateway: { labels: { team: "edge" }, annotations: { "example.com/owner": "edge" } } }), []);
    });

    it("refuses the gateway's name and selector label, which the component reads, and Service annotations given the chart's other way", () => {
        assert.deepEqual(
            istioValues({
                gateway: {
                    name: "edge",
                    labels: { istio: "edge" },
                    annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
                },
            }).map(([path]) => path),
            [
                "istio.values.gateway.annotations.service.beta.kubernetes.io/aws-load-balancer-type",
                "istio.values.gateway.labels.istio",
                "istio.values.gateway.name",
            ],
        );
    });

    it("refuses the ServiceAccount's name and annotations in the role modes only: an IAM role is bound to it", () => {
        const serviceAccount = { serviceAccount: { name: "certs", annotations: { a: "b" }, labels: { team: "edge" } } };
        assert.deepEqual(certManagerValues(serviceAccount), []);
        assert.deepEqual(
            certManagerValues(serviceAccount, { credentials: IRSA }).map(([path]) => path),
            ["certManager.values.serviceAccount.annotations", "certManager.values.serviceAccount.name"],
        );
        assert.deepEqual(certManagerValues(serviceAccount, { credentials: { mode: "podIdentity", clusterName: "platform" } }).length, 2);
    });

    it("refuses a misspelt key with the key it most likely meant, at any depth where the chart's schema closes the map", () => {
        assert.deepEqual(istioValues({ gateway: { replicaCont: 3 } }), [
            ["istio.values.gateway.replicaCont", 'is not a key of Istio\'s gateway chart 1.31 (did you mean "replicaCount"?)'],
        ]);
        assert.deepEqual(certManagerValues({ webhook: { replicaCont: 3 } }), [
            ["certManager.values.webhook.replicaCont", 'is not a key of the cert-manager chart v1.21 (did you mean "replicaCount"?)'],
        ]);
    });

    it("takes a key in a map the chart's schema leaves open, as Helm does (the gateway chart's autoscaling)", () => {
        assert.deepEqual(istioValues({ gateway: { autoscaling: { minReplica: 2 } } }), []);
    });

    it("refuses a value of the wrong type or outside the chart's enum", () => {
        assert.deepEqual(certManagerValues({ replicaCount: "2", webhook: { hostNetwork: "yes" } }), [
            ["certManager.values.replicaCount", 'must be a number in the cert-manager chart v1.21, not a string ("2")'],
            ["certManager.values.webhook.hostNetwork", 'must be true or false in the cert-manager chart v1.21, not a string ("yes")'],
        ]);
        assert.deepEqual(istioValues({ gateway: { imagePullPolicy: "Sometimes", replicaCount: 1.5 } }), [
            [
                "istio.values.gateway.imagePullPolicy",
                '"Sometimes" must be one of "", "Always", "IfNotPresent", "Never" in Istio\'s gateway chart 1.31',
            ],
            ["istio.values.gateway.replicaCount", "must be a whole number in Istio's gateway chart 1.31, not a fraction (1.5)"],
        ]);
    });

    it("holds the values against the minor the stack installs (dnsPolicy is new in the 1.31 gateway chart)", () => {
        assert.deepEqual(istioValues({ gateway: { dnsPolicy: "ClusterFirst" } }, { version: "1.31.1" }), []);
        assert.deepEqual(istioValues({ gateway: { dnsPolicy: "ClusterFirst" } }, { version: "1.30.3" }), [
            ["istio.values.gateway.dnsPolicy", "is not a key of Istio's gateway chart 1.30 (see the chart's values.yaml)"],
        ]);
    });

    it("takes the top-level keys istiod's templates read without a default in its values.yaml, refuses others", () => {
        assert.deepEqual(istioValues({ istiod: { trafficDistribution: "PreferClose", profile: "ambient" } }), []);
        assert.deepEqual(istioValues({ istiod: { pilot: { enabled: true } } }), [
            ["istio.values.istiod.pilot", "is not a key of Istio's istiod chart 1.31 (see the chart's values.yaml)"],
        ]);
    });

    it("passes values of a chart minor it has no key list of unchecked, owned keys still refused", () => {
        assert.deepEqual(istioValues({ gateway: { someFutureKey: true } }, { version: "1.32.0" }), []);
        assert.deepEqual(istioValues({ gateway: { service: { type: "NodePort" } } }, { version: "1.32.0" }), [
            ["istio.values.gateway.service.type", "is set by the component: use istio.serviceType"],
        ]);
    });

    it("does not check null (Helm removes the default) or an output (known at deploy time)", () => {
        assert.deepEqual(istioValues({ gateway: { replicaCount: null, podAnnotations: pulumi.output({ a: "b" }) } }), []);
    });

    it("refuses a disruption budget field beside the production defaults' other one: Kubernetes takes one of them", () => {
        assert.deepEqual(istioValues({ gateway: { podDisruptionBudget: { minAvailable: 1 } } }), [
            [
                "istio.values.gateway.podDisruptionBudget.minAvailable",
                "is set beside the component's maxUnavailable (the production defaults'); a PodDisruptionBudget takes one of them: add maxUnavailable: null",
            ],
        ]);
        assert.deepEqual(
            certManagerValues({ webhook: { podDisruptionBudget: { minAvailable: 2 } } }).map(([path]) => path),
            ["certManager.values.webhook.podDisruptionBudget.minAvailable"],
        );
        assert.deepEqual(istioValues({ gateway: { podDisruptionBudget: { minAvailable: 1, maxUnavailable: null } } }), []);
        assert.deepEqual(
            problems({ highAvailability: false, istio: { values: { gateway: { podDisruptionBudget: { minAvailable: 1 } } } } }),
            [],
        );
        assert.deepEqual(certManagerValues({ podDisruptionBudget: { enabled: true, minAvailable: 1, maxUnavailable: 1 } }), [
            [
                "certManager.values.podDisruptionBudget",
                "sets both minAvailable and maxUnavailable; a PodDisruptionBudget takes one of them",
            ],
        ]);
    });

    // The gateway chart's values.yaml starts service.ports with { name: status-port, port: 15021, targetPort: 15021 };
    // Helm replaces a list whole, and the Route53 readiness checks probe <load balancer>:15021/healthz/ready
    // (Istio, "Ports used by Istio": 15021 is Envoy's health check port).
    it("refuses gateway Service ports without the status port 15021, which the readiness health checks probe", () => {
        const https = { name: "https", port: 443, protocol: "TCP", targetPort: 443 };
        const status = { name: "status-port", port: 15021, protocol: "TCP", targetPort: 15021 };
        const missing = istioValues({ gateway: { service: { ports: [https] } } });
        assert.deepEqual(
            missing.map(([path]) => path),
            ["istio.values.gateway.service.ports"],
        );
        assert.match(missing[0][1], /^has no status port: .*add \{ name: status-port, port: 15021, protocol: TCP, targetPort: 15021 \}$/);
        // Pointed elsewhere in the pod, or over UDP, it no longer reaches Envoy's health check listener.
        assert.equal(istioValues({ gateway: { service: { ports: [https, { ...status, targetPort: 8080 }] } } }).length, 1);
        assert.equal(istioValues({ gateway: { service: { ports: [https, { ...status, protocol: "UDP" }] } } }).length, 1);
        assert.deepEqual(
            istioValues({ gateway: { service: { ports: null } } }).map(([path, message]) => [path, message.split(",")[0]]),
            [["istio.values.gateway.service.ports", "would remove the gateway Service's status port 15021"]],
        );
        // Kept: with its own name, with targetPort left to default to port, or only known at deploy time.
        assert.deepEqual(istioValues({ gateway: { service: { ports: [https, status] } } }), []);
        assert.deepEqual(istioValues({ gateway: { service: { ports: [https, { name: "health", port: 15021 }] } } }), []);
        assert.deepEqual(istioValues({ gateway: { service: { ports: pulumi.output([https]) } } }), []);
        assert.deepEqual(istioValues({ gateway: { service: { externalTrafficPolicy: "Local" } } }), []);
    });

    it("refuses gateway chart values with the Gateway API, which has no gateway chart", () => {
        assert.deepEqual(istioValues({ gateway: { replicaCount: 2 } }, { api: "gateway-api" }), [
            [
                "istio.values.gateway",
                'applies only with istio.api: "istio" (with the Gateway API istiod deploys each Gateway; there is no gateway chart)',
            ],
        ]);
    });

    it("refuses values that are no map, and an unknown chart", () => {
        assert.deepEqual(istioValues({ istiod: "replicaCount=2", ztunnel: {} }), [
            ["istio.values.istiod", 'must be a map, not a string ("replicaCount=2")'],
            ["istio.values.ztunnel", "is not a known key (known keys: base, istiod, gateway)"],
        ]);
    });
});

describe("pass-through chart values reach the releases", () => {
    it("merged over the component's own, keys of both kept", async () => {
        const args: IstioAcmeIngressArgs = minimalArgs({
            istio: {
                values: {
                    base: { base: { validationCABundle: "" } },
                    istiod: { global: { logging: { level: "default:info" } }, resources: { requests: { cpu: "500m" } } },
                    gateway: { service: { externalTrafficPolicy: "Local" }, nodeSelector: { "kubernetes.io/os": "linux" } },
                },
            },
            certManager: { values: { global: { logLevel: 4 }, webhook: { timeoutSeconds: 15 } } },
        });
        const result = await synthComponent(args);
        const values = (name: string) => one(result, RELEASE, name).inputs.values as Record<string, Record<string, unknown>>;
        assert.deepEqual(values("ingress-istio-base").base, { validationCABundle: "" });
        assert.deepEqual(values("ingress-istio-istiod").global, {
            istioNamespace: "istio-system",
            hub: "docker.io/istio",
            logging: { level: "default:info" },
        });
        assert.deepEqual(values("ingress-istio-istiod").resources, { requests: { cpu: "500m" } });
        assert.deepEqual(values("ingress-istio-gateway").service, {
            type: "LoadBalancer",
            // The component's own: a public load balancer unless istio.loadBalancerScheme says internal.
            annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" },
            externalTrafficPolicy: "Local",
        });
        assert.deepEqual(values("ingress-istio-gateway").nodeSelector, { "kubernetes.io/os": "linux" });
        assert.deepEqual(values("ingress-cert-manager").global, { logLevel: 4 });
        // Over the production defaults too: the webhook keeps its replicas beside the passed timeout.
        assert.equal(values("ingress-cert-manager").webhook.timeoutSeconds, 15);
        assert.equal(values("ingress-cert-manager").webhook.replicaCount, 3);
        assert.equal(values("ingress-cert-manager").enableCertificateOwnerRef, true);
    });
});
