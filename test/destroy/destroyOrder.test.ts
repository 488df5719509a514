import * as assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { SynthResource, SynthResult } from "../../tools/synth/engine";
import { REPO_ROOT } from "../../tools/synth/synth";
import { deletionStep, destroySchedule, guaranteedBefore } from "../models/destroyOrder";

/**
 * What `pulumi destroy` (and removing the component) deletes first, from the committed synth
 * dependency graph of each example stack, scheduled as the Pulumi engine schedules deletes
 * (test/models/destroyOrder.ts). Each rule is a "before" a real cluster needs:
 *
 * - cert-manager must still run while a Certificate is deleted: Pulumi deletes it in the foreground
 *   (`pulumi.com/deletionPropagationPolicy: foreground`) and waits until the CertificateRequests,
 *   Orders and Challenges it owns are gone, and each Challenge's finalizer is removed only by
 *   cert-manager once it has deleted its TXT record. Without cert-manager the Certificate never goes
 *   and the destroy times out. The ClusterIssuer the Challenges are solved with, and the Route53
 *   identity they delete their records with, must outlive the Certificates too.
 * - Istio's `base` release holds the Gateway and VirtualService CRDs; they go after every Gateway
 *   and VirtualService, or the objects vanish with their CRDs behind Pulumi's back.
 * - With the Gateway API, a Gateway goes before the Certificates its listeners read and before
 *   istiod, which removes what it deployed for the Gateway; every Gateway API object before the
 *   CRD bundle (kept on delete, yet an update may still replace it).
 */

const SYNTH_DIR = join(REPO_ROOT, "synth");
const stacks = readdirSync(SYNTH_DIR).filter((stack) => !stack.startsWith("."));

function committedSynth(stack: string): SynthResult {
    return JSON.parse(readFileSync(join(SYNTH_DIR, stack, "resources.json"), "utf8")) as SynthResult;
}

const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const isType = (type: string) => (r: SynthResource) => r.custom && r.type === type;
const isRelease = (chart: string) => (r: SynthResource) =>
    r.type === "kubernetes:helm.sh/v3:Release" && typeof r.inputs.chart === "string" && r.inputs.chart.split("/").pop() === chart;
/** cert-manager's Route53 identity: every managed resource of the Route53Credentials component. */
const isRoute53Credential = (r: SynthResource) => r.custom && !r.external && r.urn.includes("istio-acme-ingress:index:Route53Credentials$");

interface DeleteRule {
    what: string;
    first: (r: SynthResource) => boolean;
    then: (r: SynthResource) => boolean;
    /** Only pairs where `first` uses `then`; every pair when absent. */
    uses?: (first: SynthResource, then: SynthResource) => boolean;
    /** The `istio.api` whose stacks it holds for; every stack when absent. */
    api?: "istio" | "gateway-api";
}

/** The API a stack's gateways use, from what it declares. */
function apiOf(resources: readonly SynthResource[]): "istio" | "gateway-api" {
    return resources.some(isType("kubernetes:gateway.networking.k8s.io/v1:Gateway")) ? "gateway-api" : "istio";
}

/** The TLS Secrets a Kubernetes Gateway's listeners read. */
function certificateRefs(gateway: SynthResource): string[] {
    const listeners =
        (gateway.inputs.spec as { listeners?: Array<{ tls?: { certificateRefs?: Array<{ name: string }> } }> }).listeners ?? [];
    return listeners.flatMap((listener) => (listener.tls?.certificateRefs ?? []).map((ref) => ref.name));
}
const isGatewayApiObject = (r: SynthResource) => r.custom && r.type.startsWith("kubernetes:gateway.networking.k8s.io/");

/** The TLS Secrets a Gateway's servers read. */
function credentialNames(gateway: SynthResource): string[] {
    const servers = (gateway.inputs.spec as { servers?: Array<{ tls?: { credentialName?: string } }> }).servers ?? [];
    return servers.flatMap((server) => (server.tls?.credentialName ? [server.tls.credentialName] : []));
}

const RULES: DeleteRule[] = [
    { what: "every Certificate before the cert-manager release", first: isType(CERTIFICATE), then: isRelease("cert-manager") },
    { what: "the ClusterIssuer before the cert-manager release", first: isType(CLUSTER_ISSUER), then: isRelease("cert-manager") },
    { what: "every Certificate before the ClusterIssuer its Challenges use", first: isType(CERTIFICATE), then: isType(CLUSTER_ISSUER) },
    { what: "every Certificate before the Route53 identity", first: isType(CERTIFICATE), then: isRoute53Credential },
    { what: "the ClusterIssuer before the Route53 identity", first: isType(CLUSTER_ISSUER), then: isRoute53Credential },
    {
        what: "every Gateway before Istio's base release (CRDs)",
        first: isType("kubernetes:networking.istio.io/v1:Gateway"),
        then: isRelease("base"),
        api: "istio",
    },
    {
        // With enableCertificateOwnerRef a Certificate's Secret goes with it: no Gateway may still read it.
        what: "every Gateway before the Certificates whose Secrets it serves",
        first: isType("kubernetes:networking.istio.io/v1:Gateway"),
        then: isType(CERTIFICATE),
        uses: (gateway, certificate) =>
            credentialNames(gateway).includes(String((certificate.inputs.spec as { secretName?: string }).secretName)),
        api: "istio",
    },
    {
        what: "every VirtualService before Istio's base release (CRDs)",
        first: isType("kubernetes:networking.istio.io/v1:VirtualService"),
        then: isRelease("base"),
        api: "istio",
    },
    {
        what: "every Kubernetes Gateway before the Certificates whose Secrets its listeners serve",
        first: isType("kubernetes:gateway.networking.k8s.io/v1:Gateway"),
        then: isType(CERTIFICATE),
        uses: (gateway, certificate) =>
            certificateRefs(gateway).includes(String((certificate.inputs.spec as { secretName?: string }).secretName)),
        api: "gateway-api",
    },
    {
        // istiod removes the Deployment and Service it made for a Gateway; it must still run then.
        what: "every Kubernetes Gateway before istiod, which deployed it",
        first: isType("kubernetes:gateway.networking.k8s.io/v1:Gateway"),
        then: isRelease("istiod"),
        api: "gateway-api",
    },
    {
        what: "every Gateway API object before the Gateway API CRD bundle",
        first: isGatewayApiObject,
        then: (r) => r.type === "kubernetes:yaml/v2:ConfigFile",
        api: "gateway-api",
    },
];

/**
 * Every pair deleted in the wrong order: where the schedule of a whole destroy puts `first` at or
 * after `then`, or where no dependency path binds the order (then an update that deletes only some
 * resources, or a later engine, may delete them in either order).
 */
function violations(resources: readonly SynthResource[], rule: DeleteRule): string[] {
    const step = deletionStep(resources);
    const bound = guaranteedBefore(resources);
    const firsts = resources.filter(rule.first);
    const thens = resources.filter(rule.then);
    if (firsts.length === 0 || thens.length === 0) return [`nothing to check: ${firsts.length} first, ${thens.length} then`];
    const pairs = firsts.flatMap((a) => thens.filter((b) => !rule.uses || rule.uses(a, b)).map((b) => [a, b] as const));
    if (pairs.length === 0) return ["nothing to check: no pair is related"];
    return pairs.flatMap(([a, b]) => {
        if (!bound(a, b)) return [`${a.name} does not depend on ${b.name}: Pulumi may delete ${b.name} first`];
        if ((step.get(a.urn) ?? Infinity) >= (step.get(b.urn) ?? -Infinity)) {
            return [`${a.name} (step ${step.get(a.urn)}) is not deleted before ${b.name} (step ${step.get(b.urn)})`];
        }
        return [];
    });
}

const resource = (name: string, dependencies: string[] = [], parent = ""): SynthResource => ({
    urn: name,
    type: "test:index:Thing",
    name,
    custom: true,
    parent,
    dependencies,
    inputs: {},
});

describe("destroy order (Pulumi deletes dependents before their dependencies)", () => {
    describe("the model of the engine's ScheduleDeletes", () => {
        it("deletes what depends on a resource before it, and unrelated resources together", () => {
            const schedule = destroySchedule([
                resource("crds"),
                resource("operator", ["crds"]),
                resource("object", ["crds", "operator"]),
                resource("unrelated"),
            ]);
            assert.deepEqual(
                schedule.map((antichain) => antichain.map((r) => r.name).sort()),
                [["object"], ["operator"], ["crds", "unrelated"]],
            );
        });

        it("deletes children before their parent", () => {
            const schedule = destroySchedule([resource("component"), resource("child", [], "component")]);
            assert.deepEqual(
                schedule.map((antichain) => antichain.map((r) => r.name)),
                [["child"], ["component"]],
            );
        });

        it("does not delete read-only resources (looked up with .get)", () => {
            const read = { ...resource("read"), external: true as const };
            assert.deepEqual(
                destroySchedule([read, resource("managed")])
                    .flat()
                    .map((r) => r.name),
                ["managed"],
            );
        });

        it("catches a Certificate that no longer depends on cert-manager", () => {
            const dev = structuredClone(committedSynth("dev").resources);
            const release = dev.find(isRelease("cert-manager"));
            const issuer = dev.find(isType(CLUSTER_ISSUER));
            assert.ok(release && issuer);
            // The Certificates and their component (their parent, which Pulumi also deletes after them).
            for (const certificate of dev.filter((r) => isType(CERTIFICATE)(r) || r.type === "istio-acme-ingress:index:Certificates")) {
                certificate.dependencies = certificate.dependencies.filter((urn) => urn !== release.urn && urn !== issuer.urn);
            }
            assert.deepEqual(
                violations(dev, RULES[0]),
                dev
                    .filter(isType(CERTIFICATE))
                    .map((c) => `${c.name} does not depend on ${release.name}: Pulumi may delete ${release.name} first`),
            );
        });
    });

    for (const stack of stacks) {
        describe(`the ${stack} stack`, () => {
            const { resources } = committedSynth(stack);
            for (const rule of RULES.filter((candidate) => candidate.api === undefined || candidate.api === apiOf(resources))) {
                it(`deletes ${rule.what}`, () => {
                    assert.deepEqual(violations(resources, rule), []);
                });
            }

            it("deletes each Certificate in the foreground, so Pulumi waits for its Orders and Challenges", () => {
                const certificates = resources.filter(isType(CERTIFICATE));
                assert.ok(certificates.length > 0);
                for (const certificate of certificates) {
                    const annotations = (certificate.inputs.metadata as { annotations?: Record<string, string> }).annotations ?? {};
                    assert.equal(annotations["pulumi.com/deletionPropagationPolicy"], "foreground", certificate.name);
                }
            });

            it("runs cert-manager with Certificates owning their Secrets, so a removed Certificate's private key goes too", () => {
                const release = resources.find(isRelease("cert-manager"));
                assert.equal((release?.inputs.values as Record<string, unknown>).enableCertificateOwnerRef, true);
            });
        });
    }
});
