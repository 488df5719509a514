import * as assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as defaults from "../../components/config/defaults";
import { retiredIstioLocation, RETIRED_ISTIO_LOCATIONS } from "../../components/config/istioLocations";
import { validateIngressConfig } from "../../components/config/validate";
import { planIngress } from "../../components/plan";
import { REPO_ROOT } from "../../tools/synth/synth";
import { minimalArgs, one, synthComponent } from "../support/harness";

/**
 * Istio's charts and images move (https://istio.io/latest/news/releases/1.31.x/announcing-1.31/upgrade-notes/,
 * "Deprecation of GCP infrastructure and hosting"): nothing after 1.30 is published on
 * gcr.io/istio-release, registry.istio.io or istio-release.storage.googleapis.com, and they go away
 * in December 2026. A plan that still pulls from them fails then.
 */
const RETIRED = RETIRED_ISTIO_LOCATIONS.map((location) => location.name);
const RELEASE = "kubernetes:helm.sh/v3:Release";

function problemsOf(istio: Record<string, unknown>): string[] {
    const result = validateIngressConfig({
        acme: { email: "ops@example.com" },
        route53: { zones: [{ domain: "example.com" }] },
        istio,
        gateways: [{ name: "web", hosts: ["www.example.com"] }],
    });
    return result.ok ? [] : result.problems.map((problem) => `${problem.propertyPath}: ${problem.reason}`);
}

function filesUnder(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

describe("Istio chart and image locations", () => {
    it("by default: Istio 1.31.1 from oci://ghcr.io/istio/release/charts, images from docker.io/istio", async () => {
        const result = await synthComponent(minimalArgs());
        const releases = ["istio-base", "istiod", "istio-ingressgateway"].map((name) =>
            one({ ...result, resources: result.resources.filter((r) => r.type === RELEASE && r.inputs.name === name) }, RELEASE),
        );
        for (const release of releases) {
            assert.equal(release.inputs.version, "1.31.1");
            assert.ok(String(release.inputs.chart).startsWith("oci://ghcr.io/istio/release/charts/"), String(release.inputs.chart));
        }
        // istiod's injector gives the gateway's `image: auto` its image from istiod's global.hub.
        assert.deepEqual((releases[1].inputs.values as { global: Record<string, unknown> }).global.hub, "docker.io/istio");
    });

    it("a stack's hub reaches istiod, whatever Istio version is pinned", async () => {
        const hub = "123456789012.dkr.ecr.ca-central-1.amazonaws.com/istio";
        for (const version of ["1.30.3", "1.31.1"]) {
            const result = await synthComponent(minimalArgs({ istio: { version, hub } }));
            const istiod = result.resources.find((r) => r.type === RELEASE && r.inputs.name === "istiod");
            assert.equal((istiod?.inputs.values as { global: Record<string, unknown> }).global.hub, hub, version);
        }
    });

    it("a 1.30 install gets the hub set too: its published charts would pull from registry.istio.io/release", () => {
        const result = validateIngressConfig({
            acme: { email: "ops@example.com" },
            route53: { zones: [{ domain: "example.com" }] },
            istio: { version: "1.30.3" },
            gateways: [{ name: "web", hosts: ["www.example.com"] }],
        });
        assert.ok(result.ok);
        assert.equal(planIngress(result.config).istio.hub, "docker.io/istio");
    });

    describe("refuses a chart repository or hub on a retired location, naming the replacement", () => {
        const cases: Array<[string, Record<string, string>, string]> = [
            ["istio.repository", { repository: "oci://gcr.io/istio-release/charts" }, '"oci://ghcr.io/istio/release/charts"'],
            [
                "istio.repository",
                { repository: "https://istio-release.storage.googleapis.com/charts" },
                '"https://blob.istio.io/istio-release/charts"',
            ],
            [
                "istio.repository",
                { repository: "https://storage.googleapis.com/istio-release/charts/" },
                '"https://blob.istio.io/istio-release/charts"',
            ],
            ["istio.repository", { repository: "oci://registry.istio.io/release/charts" }, '"oci://ghcr.io/istio/release/charts"'],
            ["istio.repository", { repository: "oci://GCR.io/istio-release/charts" }, '"oci://ghcr.io/istio/release/charts"'],
            ["istio.hub", { hub: "registry.istio.io/release" }, '"docker.io/istio"'],
            ["istio.hub", { hub: "gcr.io/istio-release" }, '"docker.io/istio"'],
            ["istio.hub", { hub: "eu.gcr.io/istio-release/" }, '"docker.io/istio"'],
        ];
        for (const [key, istio, replacement] of cases) {
            it(`${key}: ${Object.values(istio)[0]}`, () => {
                const problems = problemsOf(istio);
                assert.equal(problems.length, 1, problems.join("\n"));
                assert.ok(problems[0].startsWith(`${key}: "${Object.values(istio)[0]}" is on `), problems[0]);
                assert.ok(problems[0].endsWith(`use ${replacement}`), problems[0]);
            });
        }
    });

    it("accepts Istio's new locations and mirrors", () => {
        for (const istio of [
            { repository: "https://blob.istio.io/istio-release/charts", hub: "docker.io/istio" },
            {
                repository: "oci://123456789012.dkr.ecr.ca-central-1.amazonaws.com/istio-charts",
                hub: "registry.example.com:5000/mirror/istio",
            },
            { repository: "https://charts.example.com/istio/", hub: "harbor.example.com/gcr.io-proxy/istio" },
        ]) {
            assert.deepEqual(problemsOf(istio), [], JSON.stringify(istio));
        }
    });

    it("names the retired location a value is on, and nothing else", () => {
        assert.equal(retiredIstioLocation("oci://gcr.io/istio-release/charts"), "gcr.io/istio-release");
        assert.equal(retiredIstioLocation("gcr.io/istio-release"), "gcr.io/istio-release");
        assert.equal(retiredIstioLocation("registry.istio.io:443/release"), "registry.istio.io");
        assert.equal(retiredIstioLocation("https://istio-release.storage.googleapis.com/charts"), "istio-release.storage.googleapis.com");
        assert.equal(retiredIstioLocation("oci://gcr.io/other-project/istio-release"), undefined);
        assert.equal(retiredIstioLocation("oci://ghcr.io/istio/release/charts"), undefined);
        assert.equal(retiredIstioLocation("docker.io/istio"), undefined);
    });

    it("no default is on a retired location", () => {
        for (const [name, value] of Object.entries(defaults)) {
            const text = JSON.stringify(value);
            for (const host of RETIRED) assert.ok(!text.includes(host), `${name} holds ${host}`);
        }
    });

    it("no committed synth output, example stack or Pulumi.yaml names a retired location", () => {
        const files = [
            ...filesUnder(join(REPO_ROOT, "synth")),
            ...filesUnder(join(REPO_ROOT, "stacks")).filter((f) => f.endsWith(".yaml")),
            join(REPO_ROOT, "Pulumi.yaml"),
        ];
        assert.ok(files.some((f) => f.endsWith("resources.json")));
        for (const file of files) {
            const text = readFileSync(file, "utf8");
            for (const host of RETIRED) assert.ok(!text.includes(host), `${file} names ${host}`);
        }
    });
});
