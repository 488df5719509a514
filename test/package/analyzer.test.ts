import { strict as assert } from "node:assert";
import { resolve } from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { IstioAcmeIngress } from "../../components/istioAcmeIngress";

interface InferredSchema {
    resources: Record<string, { inputProperties: Record<string, unknown>; properties: Record<string, unknown> }>;
    types: Record<string, { type: string; enum?: Array<{ value: string }> }>;
}

/**
 * Pulumi's component schema analyzer (`@pulumi/pulumi/provider/experimental`) is what lets other
 * languages use the component: it refuses unions, literal types and intersections anywhere in the
 * args and outputs, naming the property ("Union types are not supported for ... 'AcmeArgs.server'").
 */
describe("Pulumi's component schema analyzer", function () {
    this.timeout(120_000);
    let schema: InferredSchema;

    before(async function () {
        const provider = new ComponentProvider({
            components: [IstioAcmeIngress],
            name: "istio-acme-ingress",
            dirname: resolve(__dirname, "..", ".."),
        });
        schema = JSON.parse(await provider.getSchema()) as InferredSchema;
    });

    it("infers every input and output of IstioAcmeIngress", function () {
        const component = schema.resources["istio-acme-ingress:index:IstioAcmeIngress"];
        assert.ok(component, "no istio-acme-ingress:index:IstioAcmeIngress in the schema");
        for (const input of ["acme", "route53", "istio", "gatewayApi", "certManager", "gateways", "routes"]) {
            assert.ok(input in component.inputProperties, `input ${input} is missing`);
        }
        for (const output of ["loadBalancerAddress", "certificates", "dnsRecords", "clusterIssuerName", "gatewayNamespace"]) {
            assert.ok(output in component.properties, `output ${output} is missing`);
        }
        assert.ok(!("parts" in component.properties), "parts (TypeScript resources) must not be a schema output");
    });

    it("turns modes and keywords into enums", function () {
        const enumValues = (name: string) => schema.types[`istio-acme-ingress:index:${name}`]?.enum?.map((member) => member.value);
        assert.deepEqual(enumValues("CredentialsMode"), ["accessKey", "irsa", "podIdentity"]);
        assert.deepEqual(enumValues("IstioApi"), ["istio", "gateway-api"]);
        assert.deepEqual(enumValues("ServiceType"), ["LoadBalancer", "NodePort", "ClusterIP"]);
        assert.ok(enumValues("AcmeServer")?.includes("production"));
        assert.ok(enumValues("LoadBalancerKind")?.includes("nlb"));
    });
});
