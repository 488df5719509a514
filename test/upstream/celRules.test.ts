/**
 * The CRDs' CEL rules (`x-kubernetes-validations`) evaluated as the API server evaluates them on
 * create (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go). Each rejection
 * below breaks one real rule, cited by CRD file and rule text, and expects the API server's error.
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import type { SynthResult } from "../../tools/synth/engine";
import { declaredObjects } from "../../tools/synth/render";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../../tools/synth/synth";
import { compileRule, evaluateRules, rulesOf, type RuleOutcome, type ValidationRule } from "../models/celRules";
import { type UpstreamSchemas, upstreamSchemasOrPending } from "../support/upstreamSchemas";

type JsonObject = Record<string, unknown>;

const project = readProjectFile();
const exampleStacks = readdirSync(project.stackConfigDir)
    .filter((file) => /^Pulumi\..+\.yaml$/.test(file))
    .map((file) => file.replace(/^Pulumi\./, "").replace(/\.yaml$/, ""));

function synthExample(stack: string): Promise<SynthResult> {
    return synthStack(stack, readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name), project.name);
}

interface CrdFile {
    /** Relative to the fixture root, as `istio/1.30.3/crds/gateways.yaml`. */
    file: string;
    kind: string;
    versions: Array<{ name: string; schema: JsonObject }>;
}

/**
 * The Gateway API standard-channel CRDs the program emits or refers to; the others (TLSRoute's rules
 * call CEL's IP library, which celRules.ts does not model) are no kind it writes.
 */
const GATEWAY_API_KINDS_USED = /\/standard\/gateway\.networking\.k8s\.io_(gateways|httproutes|referencegrants|gatewayclasses)\.yaml$/;

/**
 * Every CustomResourceDefinition in a `crds/` folder under the fixture root, and those of the Gateway
 * API standard channels (`standard/`) the program uses, whatever the versions there.
 */
function crdFilesUnder(root: string): CrdFile[] {
    const files: string[] = [];
    const walk = (dir: string) => {
        for (const entry of readdirSync(dir).sort()) {
            const path = join(dir, entry);
            if (statSync(path).isDirectory()) walk(path);
            else if (/\/crds\/[^/]+\.ya?ml$/.test(path) || GATEWAY_API_KINDS_USED.test(path)) files.push(path);
        }
    };
    walk(root);
    return files.flatMap((path) =>
        parseAllDocuments(readFileSync(path, "utf8")).flatMap((document) => {
            const crd = document.toJS() as {
                kind?: string;
                spec?: { names: { kind: string }; versions: Array<{ name: string; schema?: { openAPIV3Schema?: JsonObject } }> };
            } | null;
            if (crd?.kind !== "CustomResourceDefinition" || !crd.spec) return [];
            const versions = crd.spec.versions.flatMap((version) =>
                version.schema?.openAPIV3Schema ? [{ name: version.name, schema: version.schema.openAPIV3Schema }] : [],
            );
            return [{ file: relative(root, path), kind: crd.spec.names.kind, versions }];
        }),
    );
}

/** Every `x-kubernetes-validations` entry anywhere in a schema, structural position or not. */
function countAllRules(node: unknown): number {
    if (Array.isArray(node)) return node.reduce((sum: number, child) => sum + countAllRules(child), 0);
    if (node === null || typeof node !== "object") return 0;
    return Object.entries(node).reduce((sum, [key, child]) => {
        if (key === "x-kubernetes-validations" && Array.isArray(child)) return sum + child.length;
        return sum + countAllRules(child);
    }, 0);
}

function firstObject(result: SynthResult, type: string): JsonObject {
    const resource = result.resources.find((r) => r.type === type);
    assert.ok(resource, `no ${type} in the synth output`);
    return structuredClone(declaredObjects([resource])[0]);
}

/** A schema with the rules at its root, for the semantics tests that need no fixture. */
function objectSchema(properties: JsonObject, rules: ValidationRule[], extra: JsonObject = {}): JsonObject {
    return { type: "object", properties, "x-kubernetes-validations": rules, ...extra };
}

const statuses = (outcomes: RuleOutcome[]) => outcomes.map((o) => `${o.path} ${o.status}`);
const failures = (outcomes: RuleOutcome[]) =>
    outcomes.filter((o) => o.status === "failed" || o.status === "error").map((o) => ({ path: o.reportedAt, message: o.message }));

describe("CEL validation rules (x-kubernetes-validations)", () => {
    describe("Kubernetes semantics, on schemas of our own", () => {
        it("binds self at the rule's node, for every list item and map value present, and skips absent nodes", () => {
            const port = { type: "integer", "x-kubernetes-validations": [{ rule: "self >= 1 && self <= 65535", message: "bad port" }] };
            const schema = {
                type: "object",
                properties: {
                    ports: { type: "array", items: port },
                    named: { type: "object", additionalProperties: port },
                    absent: port,
                },
            };
            const outcomes = evaluateRules(schema, { ports: [80, 0], named: { http: 8080, nope: 70000 } });
            assert.deepEqual(statuses(outcomes), ["$.ports[0] passed", "$.ports[1] failed", "$.named.http passed", "$.named.nope failed"]);
            assert.deepEqual(failures(outcomes), [
                { path: "$.ports[1]", message: 'Invalid value: "integer": bad port' },
                { path: "$.named.nope", message: 'Invalid value: "integer": bad port' },
            ]);
        });

        it("has() tells absent from present, null counts as absent, and a missing field is a runtime error, not a pass", () => {
            const schema = objectSchema({ a: { type: "string" }, b: { type: "string" } }, [
                { rule: "has(self.a) != has(self.b)", message: "exactly one of a or b" },
                { rule: "self.b.size() > 0" },
            ]);
            assert.deepEqual(failures(evaluateRules(schema, { a: "x", b: "y" }))[0], {
                path: "$",
                message: 'Invalid value: "object": exactly one of a or b',
            });
            const absentB = failures(evaluateRules(schema, { a: "x", b: null }));
            assert.equal(absentB.length, 1);
            assert.match(absentB[0].message ?? "", /^Invalid value: "object": .* evaluating rule: self\.b\.size\(\) > 0$/);
        });

        it("reports messageExpression, else message, else 'failed rule: <rule>', in the form reason selects, at fieldPath", () => {
            const schema = objectSchema({ replicas: { type: "integer" }, max: { type: "integer" } }, [
                {
                    rule: "self.replicas <= self.max",
                    messageExpression: "'replicas ' + string(self.replicas) + ' above ' + string(self.max)",
                },
                { rule: "self.replicas <= self.max", message: "too many", reason: "FieldValueForbidden", fieldPath: ".replicas" },
                { rule: "self.replicas <= self.max", reason: "FieldValueRequired" },
                { rule: "self.replicas <= self.max", reason: "FieldValueDuplicate", message: "dropped by the API server" },
                { rule: "self.replicas <= self.max", messageExpression: "''", message: "empty messageExpression falls back" },
            ]);
            assert.deepEqual(failures(evaluateRules(schema, { replicas: 5, max: 3 })), [
                { path: "$", message: 'Invalid value: "object": replicas 5 above 3' },
                { path: "$.replicas", message: "Forbidden: too many" },
                { path: "$", message: "Required value: failed rule: self.replicas <= self.max" },
                { path: "$", message: 'Duplicate value: "object"' },
                { path: "$", message: 'Invalid value: "object": empty messageExpression falls back' },
            ]);
        });

        it("does not apply a transition rule (oldSelf) to a create, and says so instead of passing it", () => {
            const schema = { type: "string", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "Value is immutable" }] };
            const root = { type: "object", properties: { controllerName: schema } };
            assert.deepEqual(statuses(evaluateRules(root, { controllerName: "istio.io/gateway-controller" })), [
                "$.controllerName not applicable",
            ]);
            const optional = { ...schema, "x-kubernetes-validations": [{ rule: "self == oldSelf", optionalOldSelf: true }] };
            const [outcome] = evaluateRules({ type: "object", properties: { controllerName: optional } }, { controllerName: "x" });
            assert.equal(outcome.status, "error");
            assert.match(outcome.message ?? "", /optionalOldSelf, which needs CEL optional types \(not modelled\)/);
        });

        it("fails, naming the rule, a rule that cannot be evaluated: unknown function, unknown variable, syntax error", () => {
            const schema = objectSchema({ host: { type: "string" } }, [
                { rule: "has(self.host) ? self.host.isHostname() : true" },
                { rule: "request.host == self.host" },
                { rule: "self.host ==" },
            ]);
            const problems = failures(evaluateRules(schema, {}));
            assert.deepEqual(
                problems.map((p) => p.message),
                [
                    "Invalid value: \"object\": rule compile error: undeclared method 'isHostname' with 0 arguments: has(self.host) ? self.host.isHostname() : true",
                    "Invalid value: \"object\": rule compile error: undeclared reference to 'request': request.host == self.host",
                    problems[2].message,
                ],
            );
            assert.match(problems[2].message ?? "", /rule compile error: syntax error: .*: self\.host ==$/);
            for (const rule of ["self.?host.orValue('')", "optional.none() == self"]) assert.equal(compileRule({ rule }).ok, false, rule);
        });

        it("types values from the schema: integer is int, number is double, int-or-string either, bytes and durations by format", () => {
            const schema = objectSchema(
                {
                    count: { type: "integer" },
                    ratio: { type: "number" },
                    port: { "x-kubernetes-int-or-string": true },
                    name: { "x-kubernetes-int-or-string": true },
                    data: { type: "string", format: "byte" },
                    timeout: { type: "string", format: "duration" },
                },
                [
                    { rule: "type(self.count) == int && type(self.ratio) == double", message: "numbers" },
                    { rule: "type(self.port) == int && type(self.name) == string", message: "int-or-string" },
                    { rule: "self.data == b'hi' && self.timeout == duration('90s')", message: "formats" },
                    { rule: "self.count + self.ratio > 0.0", message: "no implicit int-double arithmetic in CEL" },
                ],
            );
            const outcomes = evaluateRules(schema, { count: 2, ratio: 2, port: 8080, name: "http", data: "aGk=", timeout: "1m30s" });
            assert.deepEqual(
                outcomes.map((o) => o.status),
                ["passed", "passed", "passed", "error"],
            );
            assert.match(outcomes[3].message ?? "", /call arguments did not match a supported operator, function or macro signature/);
        });

        it("escapes property names as Kubernetes does and hides unknown fields and metadata beyond name", () => {
            const schema = objectSchema(
                {
                    namespace: { type: "string" },
                    "x-y": { type: "string" },
                    extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                    metadata: { type: "object" },
                },
                [
                    { rule: "self.__namespace__ == 'edge' && self.x__dash__y == 'z'", message: "escaped names" },
                    { rule: "!has(self.extra.anything)", message: "unknown fields are not accessible" },
                    { rule: "self.metadata.name == 'web' && self.kind == 'Thing'", message: "name and kind" },
                ],
            );
            const object = {
                apiVersion: "example.com/v1",
                kind: "Thing",
                metadata: { name: "web", labels: { a: "b" } },
                namespace: "edge",
                "x-y": "z",
                extra: { anything: 1 },
            };
            assert.deepEqual(failures(evaluateRules(schema, object)), []);
        });

        // cel-go's checker, with the types Kubernetes declares for self (apiextensions-apiserver schema/cel/model).
        it("refuses, as a compile error, a field the schema does not declare or CEL cannot reach, even in an untaken branch", () => {
            const schema = objectSchema(
                { spec: { type: "object", properties: { replicas: { type: "integer" } } }, metadata: { type: "object" } },
                [
                    { rule: "has(self.metadata.labels)" },
                    { rule: "self.spec.replicas > 0 || self.spec.replicaCount > 0" },
                    { rule: "self.spec.replicas.value > 0" },
                ],
            );
            const problems = failures(evaluateRules(schema, { metadata: { name: "web" }, spec: { replicas: 2 } }));
            assert.deepEqual(
                problems.map((p) => p.message),
                [
                    "Invalid value: \"object\": rule compile error: undefined field 'labels': has(self.metadata.labels)",
                    "Invalid value: \"object\": rule compile error: undefined field 'replicaCount': self.spec.replicas > 0 || self.spec.replicaCount > 0",
                    "Invalid value: \"object\": rule compile error: type 'integer' does not support field selection (field 'value'): self.spec.replicas.value > 0",
                ],
            );
        });

        it("evaluates rules inside allOf with the types of the structural node", () => {
            const schema = {
                type: "object",
                properties: { port: { type: "integer" } },
                allOf: [
                    { "x-kubernetes-validations": [{ rule: "self.port != 0", message: "port 0" }] },
                    { properties: { port: { "x-kubernetes-validations": [{ rule: "self < 65536", message: "port too big" }] } } },
                ],
            };
            assert.deepEqual(failures(evaluateRules(schema, { port: 0 })), [{ path: "$", message: 'Invalid value: "object": port 0' }]);
            assert.deepEqual(failures(evaluateRules(schema, { port: 70000 })), [
                { path: "$.port", message: 'Invalid value: "integer": port too big' },
            ]);
        });

        it("applies schema defaults before the rules run, as the API server decodes a request", () => {
            const backendRef = {
                type: "object",
                properties: {
                    group: { type: "string", default: "" },
                    kind: { type: "string", default: "Service" },
                    port: { type: "integer" },
                },
                "x-kubernetes-validations": [
                    {
                        rule: "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true",
                        message: "Must have port for Service reference",
                    },
                ],
            };
            assert.deepEqual(failures(evaluateRules({ type: "object", properties: { ref: backendRef } }, { ref: {} })), [
                { path: "$.ref", message: 'Invalid value: "object": Must have port for Service reference' },
            ]);
        });

        it("matches() is RE2: a pattern JavaScript accepts but RE2 refuses is an error, never a pass", () => {
            const rule = (pattern: string) => ({
                type: "string",
                "x-kubernetes-validations": [{ rule: `self.matches('${pattern}')`, message: "pattern" }],
            });
            const [lookahead] = evaluateRules(rule("^api(?=/v1)"), "api/v1");
            assert.equal(lookahead.status, "error");
            assert.match(lookahead.message ?? "", /invalid or unsupported Perl syntax/);
            const [plain] = evaluateRules(rule("^[a-z]+/v[0-9]$"), "api/v1");
            assert.equal(plain.status, "passed");
        });

        // k8s.io/apiserver/pkg/cel/library/lists.go and cel-go ext/sets.go, as documented at
        // https://kubernetes.io/docs/reference/using-api/cel/ (lists, sets) and ext (strings).
        it("has the Kubernetes list and set functions and the strings extension, with their errors", () => {
            const evaluate = (rule: string, value: unknown) =>
                evaluateRules({ type: "array", items: { type: "integer" }, "x-kubernetes-validations": [{ rule }] }, value)[0];
            const passing = [
                "self.isSorted() && [1, 2.5, 3u].isSorted() && !['b', 'a'].isSorted() && [].isSorted()",
                "self.sum() == 6 && [1.5, 2.5].sum() == 4.0 && [duration('1m'), duration('30s')].sum() == duration('90s') && [].sum() == 0",
                "self.min() == 1 && self.max() == 3 && ['b', 'a', 'c'].min() == 'a'",
                "self.indexOf(2) == 1 && [1, 2, 1].lastIndexOf(1) == 2 && self.indexOf(9) == -1 && 'a/b'.indexOf('/') == 1",
                "sets.contains(self, [3, 1]) && !sets.contains(self, [4]) && sets.equivalent([1, 1, 2], [2, 1]) && sets.intersects(self, [0, 3])",
                "'example.com/name'.split('/')[0] == 'example.com' && 'ABC'.lowerAscii() == 'abc' && ' x '.trim() == 'x'",
            ];
            for (const rule of passing) assert.equal(evaluate(rule, [1, 2, 3]).status, "passed", rule);
            const empty = evaluate("self.min() == 0", []);
            assert.equal(empty.status, "error");
            assert.match(empty.message ?? "", /min called on empty list evaluating rule: self\.min\(\) == 0$/);
            assert.match(evaluate("[1, 'a'].isSorted()", [1]).message ?? "", /no matching overload/);
            assert.equal(evaluate("self.min() == 1", [3, 1, 2]).status, "passed");
            assert.equal(evaluate("self.isSorted()", [3, 1, 2]).status, "failed");
        });

        it("size() counts Unicode code points, as cel-go does, not UTF-16 units", () => {
            const schema = { type: "string", "x-kubernetes-validations": [{ rule: "self.size() == 3", message: "three" }] };
            assert.equal(evaluateRules(schema, "a😀b")[0].status, "passed");
        });
    });

    describe("against the upstream CRDs", function () {
        let root: string;
        let schemas: UpstreamSchemas;

        before(function () {
            schemas = upstreamSchemasOrPending(this);
            root = schemas.root;
        });

        it("every rule in every CRD fixture compiles against its schema node, and the walk reaches every rule the files hold", () => {
            const notCompiling: string[] = [];
            const transitionRules: string[] = [];
            let count = 0;
            for (const crd of crdFilesUnder(root)) {
                for (const version of crd.versions) {
                    const rules = rulesOf(version.schema);
                    assert.equal(
                        rules.length,
                        countAllRules(version.schema),
                        `${crd.file} ${version.name}: rules outside the structural walk`,
                    );
                    count += rules.length;
                    for (const { schemaPath, rule, site } of rules) {
                        const compiled = compileRule(rule, site);
                        const where = `${crd.file} ${version.name} ${schemaPath}: ${rule.rule}`;
                        if (!compiled.ok) notCompiling.push(`${where}: ${compiled.error}`);
                        else if (compiled.usesOldSelf) transitionRules.push(where);
                    }
                }
            }
            assert.deepEqual(notCompiling, [], `rules that do not compile:\n  ${notCompiling.join("\n  ")}`);
            assert.ok(count > 100, `only ${count} rules found under ${root}`);
            for (const rule of transitionRules)
                assert.match(rule, /gatewayclasses\.yaml v1(beta1)? spec\.controllerName: self == oldSelf$/);
        });

        it("the GatewayClass controllerName rule (self == oldSelf) is reported as not applicable to a create", function () {
            const crd = crdFilesUnder(root).find((c) => c.file.endsWith("gateway.networking.k8s.io_gatewayclasses.yaml"));
            if (crd === undefined) {
                console.log(`      skipped: no Gateway API gatewayclasses CRD under ${root}`);
                this.skip();
            }
            const v1 = crd.versions.find((v) => v.name === "v1");
            assert.ok(v1);
            const outcomes = evaluateRules(v1.schema, {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "GatewayClass",
                metadata: { name: "istio" },
                spec: { controllerName: "istio.io/gateway-controller" },
            });
            assert.deepEqual(statuses(outcomes), ["$.spec.controllerName not applicable"]);
        });

        describe("an object breaking one real rule is rejected with that rule's message", () => {
            let dev: SynthResult;
            before(async () => {
                dev = await synthExample("dev");
            });

            // istio/<version>/crds/virtualservices.yaml, spec.http[].timeout:
            //   rule: duration(self) >= duration('1ms'), message: must be a valid duration greater than 1ms
            it("VirtualService: an HTTP route timeout under 1ms, and one that is no duration", () => {
                const service = firstObject(dev, "kubernetes:networking.istio.io/v1:VirtualService") as { spec: { http: JsonObject[] } };
                service.spec.http[0].timeout = "500us";
                assert.deepEqual(schemas.validateCustomResource(service), [
                    { path: "$.spec.http[0].timeout", message: 'Invalid value: "string": must be a valid duration greater than 1ms' },
                ]);
                service.spec.http[0].timeout = "soon";
                const [problem, ...rest] = schemas.validateCustomResource(service);
                assert.deepEqual(rest, []);
                assert.equal(problem.path, "$.spec.http[0].timeout");
                assert.match(problem.message, /^Invalid value: "string": .* evaluating rule: must be a valid duration greater than 1ms$/);
                service.spec.http[0].timeout = "15s";
                assert.deepEqual(schemas.validateCustomResource(service), []);
            });

            // istio/<version>/crds/gateways.yaml, spec.servers[].tls:
            //   rule: (has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1
            //   message: only one of credentialName or credentialNames can be set
            it("Istio Gateway: a server with both credentialName and credentialNames", () => {
                const gateway = firstObject(dev, "kubernetes:networking.istio.io/v1:Gateway") as {
                    spec: { servers: Array<{ tls?: JsonObject }> };
                };
                const https = gateway.spec.servers.findIndex((server) => server.tls?.credentialName !== undefined);
                assert.ok(https >= 0);
                gateway.spec.servers[https].tls = { ...gateway.spec.servers[https].tls, credentialNames: ["web-gateway-tls-rsa"] };
                assert.deepEqual(schemas.validateCustomResource(gateway), [
                    {
                        path: `$.spec.servers[${https}].tls`,
                        message: 'Invalid value: "object": only one of credentialName or credentialNames can be set',
                    },
                ]);
            });

            // cert-manager/v1.21.1/crds/cert-manager.io_clusterissuers.yaml, spec.venafi:
            //   rule: (has(self.tpp) ? 1 : 0) + (has(self.cloud) ? 1 : 0) + (has(self.ngts) ? 1 : 0) == 1
            //   message: exactly one of tpp, cloud, or ngts must be configured
            it("ClusterIssuer: a Venafi issuer configuring both TPP and Cloud (a Certificate has no CEL rule to break)", () => {
                const certificate = schemas.crdSchema("cert-manager.io/v1", "Certificate");
                assert.ok(certificate);
                assert.deepEqual(rulesOf(certificate), [], "cert-manager.io_certificates.yaml declares no x-kubernetes-validations");
                const issuer = firstObject(dev, "kubernetes:cert-manager.io/v1:ClusterIssuer") as { spec: JsonObject };
                issuer.spec.venafi = {
                    zone: "DevOps\\Ingress",
                    tpp: { url: "https://tpp.example.com/vedsdk", credentialsRef: { name: "tpp-credentials" } },
                    cloud: { apiTokenSecretRef: { name: "vaas-token", key: "apikey" } },
                };
                assert.deepEqual(schemas.validateCustomResource(issuer), [
                    { path: "$.spec.venafi", message: 'Invalid value: "object": exactly one of tpp, cloud, or ngts must be configured' },
                ]);
            });

            // gateway-api/v1.6.1/crds/gateway.networking.k8s.io_httproutes.yaml:
            //   spec.rules[].matches[].path: rule (self.type in ['Exact','PathPrefix']) ? !self.value.contains('//') : true,
            //     message: must not contain '//' when type one of ['Exact', 'PathPrefix']
            //   spec.rules[].backendRefs[]: rule (size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true,
            //     message: Must have port for Service reference (group and kind come from the schema's defaults)
            //   spec.parentRefs: rule self.all(p1, self.all(p2, ... p1.__namespace__ == p2.__namespace__ ...)),
            //     message: sectionName must be specified when parentRefs includes 2 or more references to the same parent
            it("HTTPRoute: a PathPrefix with '//', a Service backend without a port, and two refs to one Gateway, one without sectionName", () => {
                const route = httpRoute();
                assert.deepEqual(schemas.validateCustomResource(route), [], "the valid route passes");
                const twoParents = httpRoute();
                twoParents.spec.parentRefs = [
                    { name: "web", namespace: "team-a" },
                    { name: "web", namespace: "team-b" },
                ];
                assert.deepEqual(
                    schemas.validateCustomResource(twoParents),
                    [],
                    "same name, other namespace (p.__namespace__): two parents",
                );
                const broken = httpRoute();
                broken.spec.rules[0].matches[0].path.value = "/api//v1";
                delete broken.spec.rules[0].backendRefs[0].port;
                broken.spec.parentRefs.push({ name: "web", namespace: "istio-ingress" });
                assert.deepEqual(schemas.validateCustomResource(broken), [
                    {
                        path: "$.spec.parentRefs",
                        message:
                            'Invalid value: "array": sectionName must be specified when parentRefs includes 2 or more references to the same parent',
                    },
                    {
                        path: "$.spec.rules[0].backendRefs[0]",
                        message: 'Invalid value: "object": Must have port for Service reference',
                    },
                    {
                        path: "$.spec.rules[0].matches[0].path",
                        message: "Invalid value: \"object\": must not contain '//' when type one of ['Exact', 'PathPrefix']",
                    },
                ]);
            });

            // gateway-api/v1.6.1/crds/gateway.networking.k8s.io_gateways.yaml:
            //   spec.listeners: rule self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true),
            //     message: tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']
            //   spec.listeners: rule self.all(l1, self.exists_one(l2, l1.name == l2.name)),
            //     message: Listener name must be unique within the Gateway
            //   spec.listeners[].tls: rule self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true,
            //     message: certificateRefs or options must be specified when mode is Terminate
            it("Gateway API Gateway: TLS on the HTTP listener, a listener name twice, Terminate without certificates", () => {
                assert.deepEqual(schemas.validateCustomResource(gatewayApiGateway()), [], "the valid Gateway passes");
                const broken = gatewayApiGateway();
                const [http, https] = broken.spec.listeners;
                http.tls = { mode: "Terminate", certificateRefs: [{ name: "web-tls" }] };
                https.name = "http";
                https.tls = { mode: "Terminate", certificateRefs: [], options: {} };
                assert.deepEqual(schemas.validateCustomResource(broken), [
                    {
                        path: "$.spec.listeners",
                        message: "Invalid value: \"array\": tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
                    },
                    { path: "$.spec.listeners", message: 'Invalid value: "array": Listener name must be unique within the Gateway' },
                    {
                        path: "$.spec.listeners[1].tls",
                        message: 'Invalid value: "object": certificateRefs or options must be specified when mode is Terminate',
                    },
                ]);
            });
        });

        describe("example stacks: every rule reaching an emitted object passes", () => {
            for (const stack of exampleStacks) {
                it(`stacks/Pulumi.${stack}.yaml`, async () => {
                    const result = await synthExample(stack);
                    const outcomes = declaredObjects(result.resources).flatMap((object) => {
                        const schema = schemas.crdSchema(String(object.apiVersion), String(object.kind), schemas.istioVersionOf(result));
                        if (schema === undefined) return [];
                        const label = `${String(object.kind)} ${String((object.metadata as JsonObject).name)}`;
                        return evaluateRules(schema, object).map((outcome) => ({ ...outcome, label }));
                    });
                    const bad = outcomes.filter((o) => o.status !== "passed");
                    assert.deepEqual(
                        bad.map((o) => `${o.label}: ${o.reportedAt ?? o.path}: ${o.message ?? o.status}`),
                        [],
                    );
                    assert.ok(outcomes.length > 0, "no rule reached any emitted object, so nothing was checked");
                });
            }
        });
    });
});

interface HttpRoute extends JsonObject {
    spec: JsonObject & {
        parentRefs: JsonObject[];
        rules: Array<{ matches: Array<{ path: { type: string; value: string } }>; backendRefs: JsonObject[] }>;
    };
}

/** An HTTPRoute as the Gateway API mode attaches one: to one HTTPS listener of its Gateway, in another namespace. */
function httpRoute(): HttpRoute {
    return {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: "api", namespace: "api" },
        spec: {
            parentRefs: [{ name: "web", namespace: "istio-ingress", sectionName: "https-api-example-com" }],
            hostnames: ["api.example.com"],
            rules: [
                {
                    matches: [{ path: { type: "PathPrefix", value: "/api/v1" } }],
                    backendRefs: [{ name: "api", port: 8080, weight: 1 }],
                },
            ],
        },
    };
}

interface GatewayApiGateway extends JsonObject {
    spec: JsonObject & { listeners: JsonObject[] };
}

function gatewayApiGateway(): GatewayApiGateway {
    return {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "web", namespace: "istio-ingress" },
        spec: {
            gatewayClassName: "istio",
            listeners: [
                { name: "http", port: 80, protocol: "HTTP" },
                {
                    name: "https-api-example-com",
                    hostname: "api.example.com",
                    port: 443,
                    protocol: "HTTPS",
                    tls: { mode: "Terminate", certificateRefs: [{ name: "web-tls" }] },
                    allowedRoutes: {
                        namespaces: { from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": "api" } } },
                    },
                },
            ],
        },
    };
}
