import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { COMPONENT_TYPE } from "../../plugin/provider";
import { inferSchema, SCHEMA_PATH, schemaText } from "../../tools/plugin/schema";

interface SchemaProperty {
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    properties?: Record<string, SchemaProperty>;
}

interface InferredSchema {
    name: string;
    resources: Record<string, { inputProperties: Record<string, SchemaProperty>; properties: Record<string, SchemaProperty> }>;
    types: Record<string, { type: string; enum?: Array<{ value: string }>; properties?: Record<string, SchemaProperty> }>;
}

/** The members of `value` that `like` has. */
function pick(value: unknown, like: object): unknown {
    const object = (value ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.keys(like).map((key) => [key, object[key]]));
}

/** Where `pulumi.json#/Any` (a value of any type) appears, as `Type.property` paths. */
function anyTypedPaths(schema: InferredSchema): string[] {
    const found: string[] = [];
    const visit = (path: string, property: SchemaProperty): void => {
        if (property.$ref === "pulumi.json#/Any") found.push(path);
        if (property.items) visit(`${path}[]`, property.items);
        if (property.additionalProperties) visit(`${path}{}`, property.additionalProperties);
    };
    const component = schema.resources[COMPONENT_TYPE];
    for (const [name, property] of Object.entries({ ...component.inputProperties, ...component.properties }))
        visit(`IstioAcmeIngress.${name}`, property);
    for (const [token, type] of Object.entries(schema.types)) {
        for (const [name, property] of Object.entries(type.properties ?? {})) visit(`${token.split(":")[2]}.${name}`, property);
    }
    return found.sort();
}

/**
 * Members that may be `pulumi.json#/Any` on purpose: free-form Helm chart values (TEAM.md: the one documented
 * `any` alias). Any other is a type the plugin's analyzer could not see (plugin/analyzer/tsconfig.json resolves no
 * module but the component's sources and the Pulumi SDK), which every other language would get as untyped.
 */
const INTENDED_ANY: readonly string[] = [
    "CertManagerArgs.values{}",
    "IstioValuesArgs.base{}",
    "IstioValuesArgs.gateway{}",
    "IstioValuesArgs.istiod{}",
];

/**
 * Pulumi's component schema analyzer (`@pulumi/pulumi/provider/experimental`) is what lets other
 * languages use the component: it refuses unions, literal types and intersections anywhere in the
 * args and outputs, naming the property ("Union types are not supported for ... 'AcmeArgs.server'").
 * It runs here as the plugin runs it (plugin/provider.ts), on the plugin's narrow tsconfig.
 */
describe("Pulumi's component schema analyzer", function () {
    this.timeout(120_000);
    let inferred: string;
    let schema: InferredSchema;

    before(async function () {
        inferred = await inferSchema();
        schema = JSON.parse(inferred) as InferredSchema;
    });

    it("infers every input and output of IstioAcmeIngress", function () {
        const component = schema.resources[COMPONENT_TYPE];
        assert.ok(component, `no ${COMPONENT_TYPE} in the schema`);
        for (const input of ["acme", "route53", "istio", "gatewayApi", "certManager", "gateways", "routes"]) {
            assert.ok(input in component.inputProperties, `input ${input} is missing`);
        }
        for (const output of ["loadBalancerAddress", "certificates", "dnsRecords", "clusterIssuerName", "gatewayNamespace", "iamName"]) {
            assert.ok(output in component.properties, `output ${output} is missing`);
        }
        assert.ok(!("parts" in component.properties), "parts (TypeScript resources) must not be a schema output");
        assert.deepEqual(Object.keys(schema.resources), [COMPONENT_TYPE], "the plugin hosts IstioAcmeIngress only");
    });

    it("takes pass-through chart values as maps of pulumi.json#/Any, the one open type", function () {
        const freeForm = { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
        const values = schema.types["istio-acme-ingress:index:IstioValuesArgs"]?.properties;
        for (const chart of ["base", "istiod", "gateway"]) assert.deepEqual(pick(values?.[chart], freeForm), freeForm, chart);
        assert.deepEqual(pick(schema.types["istio-acme-ingress:index:CertManagerArgs"]?.properties?.values, freeForm), freeForm);
    });

    it("types the edge settings: istio.minTlsVersion an enum, gateways[].hsts an object of plain members", function () {
        const istio = schema.types["istio-acme-ingress:index:IstioArgs"]?.properties;
        assert.equal(istio?.minTlsVersion?.$ref, "#/types/istio-acme-ingress:index:TlsVersion");
        const gateway = schema.types["istio-acme-ingress:index:GatewayArgs"]?.properties;
        assert.equal(gateway?.hsts?.$ref, "#/types/istio-acme-ingress:index:HstsArgs");
        const hsts = schema.types["istio-acme-ingress:index:HstsArgs"]?.properties ?? {};
        assert.deepEqual(Object.keys(hsts).sort(), ["includeSubdomains", "maxAgeSeconds", "preload"]);
    });

    it("reads every doc comment as text (a {@link} in one reaches other languages as [object Object])", function () {
        const described = JSON.stringify(schema).match(/"description":"[^"]*\[object Object\]/g) ?? [];
        assert.deepEqual(described, []);
    });

    it("turns modes and keywords into enums", function () {
        const enumValues = (name: string) => schema.types[`istio-acme-ingress:index:${name}`]?.enum?.map((member) => member.value);
        assert.deepEqual(enumValues("CredentialsMode"), ["accessKey", "irsa", "podIdentity"]);
        assert.deepEqual(enumValues("IstioApi"), ["istio", "gateway-api"]);
        assert.deepEqual(enumValues("ServiceType"), ["LoadBalancer", "NodePort", "ClusterIP"]);
        assert.deepEqual(enumValues("AcmeServer"), [
            "staging",
            "production",
            "zerossl",
            "google",
            "google-staging",
            "sslcom-rsa",
            "sslcom-ecc",
        ]);
        assert.ok(enumValues("LoadBalancerKind")?.includes("nlb"));
        assert.deepEqual(enumValues("RoutingPolicy"), ["simple", "weighted", "latency", "failover"]);
        assert.deepEqual(enumValues("FailoverRole"), ["PRIMARY", "SECONDARY"]);
        assert.deepEqual(enumValues("HealthCheckProbe"), ["readiness", "https"]);
        assert.deepEqual(enumValues("TlsVersion"), ["TLSV1_2", "TLSV1_3"]);
        assert.deepEqual(enumValues("ClientIpPreservation"), ["none", "local", "proxyProtocol"]);
    });

    it("types every member: no `any` but the intended ones", function () {
        assert.deepEqual(
            anyTypedPaths(schema),
            [...INTENDED_ANY].sort(),
            "a member reached the schema as pulumi.json#/Any: its type comes from a module plugin/analyzer/tsconfig.json " +
                "does not read (add that module's declarations to its include), or it is free-form chart values (list it in INTENDED_ANY)",
        );
    });

    it("is committed as schema.json (run `npm run schema` after changing an arg or an output)", function () {
        assert.equal(readFileSync(SCHEMA_PATH, "utf8"), schemaText(inferred), "schema.json is stale: run `npm run schema` and commit it");
    });

    it("gives the keywords readable member names, from which other languages name their enum members", function () {
        const names = schema.types["istio-acme-ingress:index:AcmeServer"]?.enum?.map((member) => (member as { name?: string }).name);
        assert.deepEqual(names, [
            "Staging",
            "Production",
            "ZeroSsl",
            "GoogleTrustServices",
            "GoogleTrustServicesStaging",
            "SslComRsa",
            "SslComEcc",
        ]);
    });

    it("takes an External Account Binding as an object of two strings", function () {
        const eab = schema.types["istio-acme-ingress:index:ExternalAccountBindingArgs"] as unknown as {
            properties: Record<string, { type?: string }>;
            required?: string[];
        };
        assert.deepEqual(Object.keys(eab.properties).sort(), ["hmacKey", "keyId"]);
        assert.equal(eab.properties.hmacKey.type, "string");
        assert.deepEqual([...(eab.required ?? [])].sort(), ["hmacKey", "keyId"]);
    });
});
