import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../../components/config/validate";
import { minimalArgs, one, synthComponent } from "../support/harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const LBC_NLB = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
};

function problems(istio: Record<string, unknown>): Array<[string, string]> {
    const result = validateIngressConfig({ ...minimalArgs(), istio });
    return result.ok ? [] : result.problems.map((problem) => [problem.propertyPath, problem.reason]);
}

async function gatewayValues(istio: Record<string, unknown>): Promise<Record<string, Record<string, unknown>>> {
    const result = await synthComponent(minimalArgs({ istio }));
    return one(result, RELEASE, "ingress-istio-gateway").inputs.values as Record<string, Record<string, unknown>>;
}

describe("edge settings: the client's IP address", () => {
    // The load balancer's PROXY header (AWS Load Balancer Controller: aws-load-balancer-proxy-protocol "*"), the
    // gateway's gatewayTopology.proxyProtocol (istio/istio pilot/pkg/networking/core/gateway.go needPROXYProtocol,
    // read by istio-agent from proxy.istio.io/config: pilot/cmd/pilot-agent/config/config.go), and the status
    // port's bootstrap listener, which reads the header only with ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL
    // (tools/packaging/common/envoy_bootstrap.json): without it the Route53 readiness checks on 15021 fail.
    it("proxyProtocol: the load balancer annotation, the gateway's topology and its status port, all three", async () => {
        const values = await gatewayValues({ serviceAnnotations: LBC_NLB, clientIp: { preservation: "proxyProtocol" } });
        const annotations = values.service.annotations as Record<string, string>;
        assert.equal(annotations["service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"], "*");
        for (const [key, value] of Object.entries(LBC_NLB)) assert.equal(annotations[key], value, key);
        assert.equal(values.service.externalTrafficPolicy, undefined);
        assert.deepEqual(JSON.parse(values.podAnnotations["proxy.istio.io/config"] as string), { gatewayTopology: { proxyProtocol: {} } });
        assert.deepEqual(values.env, { ENVOY_STATUS_PORT_ENABLE_PROXY_PROTOCOL: "true" });
    });

    it("local: externalTrafficPolicy Local on the gateway's Service, nothing on its pods", async () => {
        const values = await gatewayValues({ clientIp: { preservation: "local" } });
        assert.equal(values.service.externalTrafficPolicy, "Local");
        assert.equal(values.podAnnotations, undefined);
        assert.equal(values.env, undefined);
    });

    it("numTrustedProxies: the gateway's gatewayTopology, with or without the PROXY protocol", async () => {
        const values = await gatewayValues({ clientIp: { numTrustedProxies: 1 } });
        assert.deepEqual(JSON.parse(values.podAnnotations["proxy.istio.io/config"] as string), {
            gatewayTopology: { numTrustedProxies: 1 },
        });
        assert.equal(values.env, undefined);
        const none = await gatewayValues({});
        assert.equal(none.podAnnotations, undefined);
        assert.equal(
            (none.service.annotations as Record<string, string>)["service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"],
            undefined,
        );
    });

    it("refuses the load balancer's half alone, the Gateway API, and a Service type that cannot carry it", () => {
        assert.deepEqual(problems({ serviceAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol": "*" } }), [
            [
                "istio.serviceAnnotations.service.beta.kubernetes.io/aws-load-balancer-proxy-protocol",
                'is set by istio.clientIp.preservation "proxyProtocol", which also makes the gateway read the PROXY header (its status port included); alone it breaks every connection',
            ],
        ]);
        assert.deepEqual(problems({ api: "gateway-api", clientIp: { preservation: "local" } }), [
            [
                "istio.clientIp",
                'applies only with istio.api: "istio" (with the Gateway API istiod deploys each gateway; docs/edge-settings.md shows what it would take)',
            ],
        ]);
        assert.deepEqual(problems({ serviceType: "NodePort", clientIp: { preservation: "proxyProtocol" } }), [
            [
                "istio.clientIp.preservation",
                '"proxyProtocol" needs istio.serviceType "LoadBalancer": the AWS load balancer writes the PROXY header',
            ],
        ]);
        assert.deepEqual(problems({ serviceType: "NodePort", clientIp: { preservation: "local" } }), []);
        assert.equal(problems({ serviceType: "ClusterIP", clientIp: { preservation: "local" } }).length, 1);
        assert.deepEqual(problems({ clientIp: { numTrustedProxies: -1 } }), [["istio.clientIp.numTrustedProxies", "-1 must be 0 or more"]]);
    });

    it("refuses a ProxyConfig of the gateway's own in its chart values, which would replace the component's", () => {
        assert.deepEqual(
            problems({
                clientIp: { preservation: "proxyProtocol" },
                values: { gateway: { podAnnotations: { "proxy.istio.io/config": "{}" } } },
            }),
            [
                [
                    "istio.values.gateway.podAnnotations.proxy.istio.io/config",
                    "is set by the component from istio.clientIp (its gatewayTopology)",
                ],
            ],
        );
    });
});
