import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IstioAcmeIngressArgs } from "../../../components/args";
import { validateIngressConfig } from "../../../components/config/validate";
import { readGatewayApiBundle } from "../../../components/gatewayApi/crds/bundle";
import { IstioApi } from "../../../components/enums";
import { planIngress } from "../../../components/plan";
import { minimalArgs, ofType, synthComponent, transitiveDependencies } from "../../support/harness";
import { tempDir } from "../../support/tempDir";
import { locateUpstream, upstreamSchemasOrPending } from "../../support/upstreamSchemas";

const CRD = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";
const POLICY = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";
const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
const RELEASE = "kubernetes:helm.sh/v3:Release";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * A release's `standard-install.yaml` as the release assembles it (kubernetes-sigs/gateway-api
 * `hack/build-install-yamls.sh`: the files of `config/crd/standard/`, one document each, joined by
 * `---`), from the fixtures of `config/crd/standard/` at the release's tag.
 */
function standardInstall(release: string): string {
    const location = locateUpstream();
    if (!location.available) throw new Error(location.reason);
    const dir = join(location.root, "gateway-api", release, "standard");
    return readdirSync(dir)
        .filter((file) => file.endsWith(".yaml"))
        .sort()
        .map((file) => readFileSync(join(dir, file), "utf8"))
        .join("\n---\n");
}

/** A document of a tiny bundle of our own: a CRD of `group` with the annotations given. */
function crd(plural: string, group = "gateway.networking.k8s.io", annotations: Record<string, string> = {}): string {
    const lines = Object.entries(annotations).map(([key, value]) => `    ${key}: ${value}`);
    return [
        "apiVersion: apiextensions.k8s.io/v1",
        "kind: CustomResourceDefinition",
        "metadata:",
        ...(lines.length > 0 ? ["  annotations:", ...lines] : []),
        `  name: ${plural}.${group}`,
        "spec:",
        `  group: ${group}`,
        `  names: { kind: Thing, plural: ${plural} }`,
        "  scope: Namespaced",
        "  versions: []",
    ].join("\n");
}
const standard = (version: string) => ({
    "gateway.networking.k8s.io/bundle-version": version,
    "gateway.networking.k8s.io/channel": "standard",
});

function writeBundle(text: string, name = "standard-install.yaml"): string {
    const path = join(tempDir("gateway-api-bundle"), name);
    writeFileSync(path, text);
    return path;
}

function gatewayApiArgs(gatewayApi: IstioAcmeIngressArgs["gatewayApi"], istioVersion?: string): IstioAcmeIngressArgs {
    return minimalArgs({
        istio: { api: IstioApi.GatewayApi, ...(istioVersion ? { version: istioVersion } : {}) },
        gatewayApi,
        routes: [{ name: "www", gateway: "web", hosts: ["www.example.com"], http: [{ destination: { host: "www", port: 80 } }] }],
    });
}

/** A value as a problem shows it: quoted, cut after 77 characters. */
const shown = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);

/** The problems validation reports, as `path: reason` lines. */
function problems(args: IstioAcmeIngressArgs): string[] {
    const result = validateIngressConfig(args);
    return result.ok ? [] : result.problems.map((p) => `${p.propertyPath}: ${p.reason}`);
}

describe("gatewayApi.crdsFile: a bundle kept in the stack's repository", () => {
    describe("the releases' own bundles", () => {
        for (const release of ["v1.5.1", "v1.6.1"]) {
            // v1.5.1's admission policy and binding carry bundle-version v1.5.0-dev: the release is the CRDs'.
            it(`reads ${release}: every CRD of the group and the safe-upgrades policy, at the CRDs' bundle-version, sha256 as sha256sum prints it`, function () {
                upstreamSchemasOrPending(this);
                const text = standardInstall(release);
                const { bundle, problems: found } = readGatewayApiBundle(writeBundle(text));
                assert.deepEqual(found, []);
                assert.ok(bundle);
                assert.equal(bundle.version, release);
                assert.equal(bundle.sha256, sha256(text));
                const kinds = bundle.objects.map((o) => o.kind);
                assert.deepEqual([...new Set(kinds)].sort(), [
                    "CustomResourceDefinition",
                    "ValidatingAdmissionPolicy",
                    "ValidatingAdmissionPolicyBinding",
                ]);
                const names = bundle.objects.filter((o) => o.kind === "CustomResourceDefinition").map((o) => o.metadata.name);
                for (const kind of ["gateways", "httproutes", "referencegrants", "gatewayclasses"]) {
                    assert.ok(names.includes(`${kind}.gateway.networking.k8s.io`), `${release} has ${kind}`);
                }
            });
        }

        it("registers each object as its own resource, no download; istiod, Gateways and routes wait for every CRD", async function () {
            upstreamSchemasOrPending(this);
            const text = standardInstall("v1.6.1");
            const file = writeBundle(text);
            const result = await synthComponent(gatewayApiArgs({ crdsFile: file, crdsSha256: sha256(text) }));

            assert.deepEqual(ofType(result, CONFIG_FILE), [], "nothing for the provider to download");
            const crds = ofType(result, CRD);
            const { bundle } = readGatewayApiBundle(file);
            assert.equal(crds.length, bundle?.objects.filter((o) => o.kind === "CustomResourceDefinition").length);
            assert.equal(ofType(result, POLICY).length, 1);
            assert.equal(ofType(result, BINDING).length, 1);
            const httpRoutes = crds.find((r) => (r.inputs.metadata as { name: string }).name === "httproutes.gateway.networking.k8s.io");
            assert.equal((httpRoutes?.inputs.spec as { group: string }).group, "gateway.networking.k8s.io");

            const istiod = ofType(result, RELEASE).find((r) => r.inputs.name === "istiod");
            const gateway = ofType(result, "kubernetes:gateway.networking.k8s.io/v1:Gateway")[0];
            const route = ofType(result, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").find((r) => r.name.endsWith("www"));
            for (const waiting of [istiod, gateway, route]) {
                assert.ok(waiting, "declared");
                const deps = transitiveDependencies(result, waiting);
                for (const c of crds) assert.ok(deps.has(c.urn), `${waiting.name} waits for ${c.name}`);
            }
        });

        it("puts the CRDs in the plan, with the file's release, path and sha256", function () {
            upstreamSchemasOrPending(this);
            const text = standardInstall("v1.6.1");
            const file = writeBundle(text);
            const result = validateIngressConfig(gatewayApiArgs({ crdsFile: file }));
            assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
            const plan = planIngress(result.config);
            assert.equal(plan.api.api, "gateway-api");
            const crds = plan.api.api === "gateway-api" ? plan.api.crds : undefined;
            assert.equal(crds?.version, "v1.6.1");
            assert.equal(crds?.url, undefined);
            assert.deepEqual(crds?.file, { path: file, sha256: sha256(text) });
            assert.ok((crds?.objects ?? []).some((o) => o.metadata.name === "gateways.gateway.networking.k8s.io"));
        });

        it("refuses a bundle older than the Gateway API the Istio minor is built against, and takes it for the older minor", function () {
            upstreamSchemasOrPending(this);
            const file = writeBundle(standardInstall("v1.5.1"));
            assert.deepEqual(problems(gatewayApiArgs({ crdsFile: file }, "1.31.1")), [
                `gatewayApi.crdsFile: ${shown(file)} holds Gateway API v1.5.1, which is older than the Gateway API v1.6 that Istio 1.31 is built against`,
            ]);
            assert.deepEqual(problems(gatewayApiArgs({ crdsFile: file }, "1.30.3")), []);
        });
    });

    describe("what is checked before anything is registered", () => {
        const good = [crd("gateways", undefined, standard("v1.6.1")), crd("httproutes", undefined, standard("v1.6.1"))].join("\n---\n");

        it("refuses a file whose sha256 differs, showing both digests", () => {
            const file = writeBundle(good);
            const wrong = "0".repeat(64);
            const found = problems(gatewayApiArgs({ crdsFile: file, crdsSha256: wrong }));
            assert.equal(found.length, 1);
            assert.match(found[0], /^gatewayApi\.crdsSha256: does not match the file/);
            assert.ok(found[0].includes(wrong) && found[0].includes(sha256(good)), found[0]);
            assert.ok(found[0].includes("sha256"));
            // The same digest in capitals, as some tools print it, is the same digest.
            assert.deepEqual(problems(gatewayApiArgs({ crdsFile: file, crdsSha256: sha256(good).toUpperCase() })), []);
        });

        it("refuses a file that does not exist, and resolves a relative path against the working directory", () => {
            const file = writeBundle(good);
            const dir = join(file, "..");
            assert.equal(readGatewayApiBundle("standard-install.yaml", undefined, dir).bundle?.version, "v1.6.1");
            const missing = readGatewayApiBundle("vendor/standard-install.yaml", undefined, dir);
            assert.deepEqual(
                missing.problems.map((p) => p.key),
                ["crdsFile"],
            );
            assert.match(missing.problems[0].message, /^does not exist; a relative path resolves against the program's working directory/);
            assert.match(readGatewayApiBundle(".", undefined, dir).problems[0].message, /^is a folder, not a file/);
        });

        it("refuses any object but the group's CRDs and the safe-upgrades policy, naming it", () => {
            const foreign = [
                good,
                crd("certificates", "cert-manager.io", standard("v1.6.1")),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  annotations:\n    gateway.networking.k8s.io/bundle-version: v1.6.1",
            ].join("\n---\n");
            assert.deepEqual(
                readGatewayApiBundle(writeBundle(foreign)).problems.map((p) => p.message),
                [
                    'holds CustomResourceDefinition "certificates.cert-manager.io" (document 3) of group cert-manager.io: a Gateway API bundle holds only CRDs of gateway.networking.k8s.io and its safe-upgrades.gateway.networking.k8s.io admission policy',
                    'holds ConfigMap "extra" (document 4) (v1): a Gateway API bundle holds only CRDs of gateway.networking.k8s.io and its safe-upgrades.gateway.networking.k8s.io admission policy',
                ],
            );
        });

        it("refuses the experimental channel, objects without a bundle-version, and mixed releases", () => {
            const experimental = crd("tcproutes", undefined, {
                ...standard("v1.6.1"),
                "gateway.networking.k8s.io/channel": "experimental",
            });
            assert.deepEqual(
                readGatewayApiBundle(writeBundle([good, experimental].join("\n---\n"))).problems.map((p) => p.message),
                [
                    'holds CustomResourceDefinition "tcproutes.gateway.networking.k8s.io" (document 3) of the experimental channel; only the standard channel is supported (its safe-upgrades policy refuses experimental CRDs over standard ones)',
                ],
            );
            assert.deepEqual(
                readGatewayApiBundle(writeBundle([good, crd("grpcroutes")].join("\n---\n"))).problems.map((p) => p.message),
                [
                    'holds CustomResourceDefinition "grpcroutes.gateway.networking.k8s.io" without the gateway.networking.k8s.io/bundle-version annotation every release\'s CRDs carry',
                ],
            );
            assert.deepEqual(
                readGatewayApiBundle(writeBundle([good, crd("grpcroutes", undefined, standard("v1.5.1"))].join("\n---\n"))).problems.map(
                    (p) => p.message,
                ),
                ["mixes CRDs of several releases (gateway.networking.k8s.io/bundle-version: v1.5.1, v1.6.1)"],
            );
            assert.deepEqual(
                readGatewayApiBundle(writeBundle("")).problems.map((p) => p.message),
                ["holds no CustomResourceDefinition of gateway.networking.k8s.io"],
            );
        });

        it("takes the release from the file: a version that names another, a URL beside it, or a digest without it are errors", () => {
            const file = writeBundle(good);
            assert.deepEqual(problems(gatewayApiArgs({ crdsFile: file, version: "v1.6.1" })), []);
            assert.deepEqual(problems(gatewayApiArgs({ crdsFile: file, version: "v1.6.0" })), [
                'gatewayApi.version: "v1.6.0" is not the release crdsFile holds (v1.6.1): give that, or leave version out',
            ]);
            assert.deepEqual(
                problems(
                    gatewayApiArgs({ crdsFile: file, crdsUrl: "https://mirror.example.com/gateway-api/v1.6.1/standard-install.yaml" }),
                ),
                ["gatewayApi.crdsFile: and crdsUrl both say where the CRDs come from: give one"],
            );
            assert.deepEqual(problems(gatewayApiArgs({ crdsSha256: sha256(good) })), [
                "gatewayApi.crdsSha256: applies only with crdsFile (it is the sha256 of that file)",
            ]);
            assert.deepEqual(problems(gatewayApiArgs({ crdsFile: file, crdsSha256: "abc" })), [
                'gatewayApi.crdsSha256: "abc" must be a sha256 digest: 64 hexadecimal digits, as sha256sum prints them',
            ]);
        });
    });
});
