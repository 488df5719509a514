import * as assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Download, fetchUpstream, fetchUpstreamFiles, sha256, sliceDocument } from "../../tools/schemas/fetch";
import { ISTIO_FIXTURES, rawGitHubUrl, UPSTREAM_ENV, UPSTREAM_FILES, UpstreamFile } from "../../tools/schemas/sources";
import { removeTempDir, tempDir } from "../support/tempDir";
import { locateUpstream } from "../support/upstreamSchemas";

const encode = (text: string) => new TextEncoder().encode(text);

const crd = (name: string) => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\nspec: {}`;

describe("schemas:fetch", () => {
    describe("the list of upstream files", () => {
        it("has one Istio fixture set per minor: 1.30.3 from its tag, 1.31 from a release-1.31 commit", () => {
            assert.deepEqual(
                ISTIO_FIXTURES.map((set) => [set.minor, set.dir, set.source.tag, set.source.branch, set.source.commit]),
                [
                    ["1.30", "istio/1.30.3", "1.30.3", undefined, "56df41f63e513f834c9a3af33d8aed82d1d961f2"],
                    ["1.31", "istio/1.31", undefined, "release-1.31", "a8d7012191ebf42bacd48fa72b32a05828e4c564"],
                ],
            );
            for (const set of ISTIO_FIXTURES) {
                assert.deepEqual(
                    UPSTREAM_FILES.filter((file) => file.localPath.startsWith(`${set.dir}/`))
                        .map((file) => file.localPath.slice(set.dir.length + 1))
                        .sort(),
                    [
                        "charts/base/values.yaml",
                        "charts/gateway/values.schema.json",
                        "charts/gateway/values.yaml",
                        "charts/istiod/values.yaml",
                        "crds/gateways.yaml",
                        "crds/virtualservices.yaml",
                    ],
                );
            }
        });

        it("downloads every file at a full commit hash, never at a tag or branch name", () => {
            for (const file of UPSTREAM_FILES) {
                assert.match(rawGitHubUrl(file), /^https:\/\/raw\.githubusercontent\.com\/[\w-]+\/[\w-]+\/[0-9a-f]{40}\//, file.localPath);
            }
            assert.equal(
                rawGitHubUrl(
                    UPSTREAM_FILES.find((file) => file.localPath === "istio/1.31/charts/gateway/values.schema.json") as UpstreamFile,
                ),
                "https://raw.githubusercontent.com/istio/istio/a8d7012191ebf42bacd48fa72b32a05828e4c564/manifests/charts/gateway/values.schema.json",
            );
        });

        it("lists every file of the Gateway API standard channel of v1.5.1 and v1.6.1, each from its tag's commit", () => {
            const gatewayApi = UPSTREAM_FILES.filter((file) => file.localPath.startsWith("gateway-api/"));
            const names = (version: string) =>
                gatewayApi
                    .filter((file) => file.localPath.startsWith(`gateway-api/${version}/standard/`))
                    .map((file) => file.localPath.split("/").pop())
                    .sort();
            const common = [
                "gateway.networking.k8s.io_backendtlspolicies.yaml",
                "gateway.networking.k8s.io_gatewayclasses.yaml",
                "gateway.networking.k8s.io_gateways.yaml",
                "gateway.networking.k8s.io_grpcroutes.yaml",
                "gateway.networking.k8s.io_httproutes.yaml",
                "gateway.networking.k8s.io_listenersets.yaml",
                "gateway.networking.k8s.io_referencegrants.yaml",
                "gateway.networking.k8s.io_tlsroutes.yaml",
                "gateway.networking.k8s.io_vap_safeupgrades.yaml",
            ];
            assert.deepEqual(names("v1.5.1"), common);
            assert.deepEqual(
                names("v1.6.1"),
                [...common, "gateway.networking.k8s.io_tcproutes.yaml", "gateway.networking.k8s.io_udproutes.yaml"].sort(),
            );
            assert.equal(gatewayApi.length, names("v1.5.1").length + names("v1.6.1").length);
            for (const file of gatewayApi) {
                assert.equal(file.upstreamPath, `config/crd/standard/${file.localPath.split("/").pop()}`);
                assert.equal(file.tag, file.localPath.split("/")[1]);
            }
        });
    });

    describe(`${UPSTREAM_ENV}`, () => {
        let empty: string;
        beforeEach(() => (empty = tempDir("no-fixtures")));
        afterEach(() => removeTempDir(empty));

        it("points the fixture lookup at that folder alone, and says so when it is incomplete", () => {
            const location = locateUpstream(join(__dirname, "..", ".."), empty);
            assert.equal(location.available, false);
            assert.match(
                location.available ? "" : location.reason,
                new RegExp(`not found in ${empty} \\(${UPSTREAM_ENV}\\); run "npm run schemas:fetch"`),
            );
        });

        it("finds a complete fixture tree there", function () {
            const located = locateUpstream(join(__dirname, "..", ".."), "");
            if (!located.available) {
                console.log(`    pending: ${located.reason}`);
                this.skip();
            }
            assert.deepEqual(locateUpstream("/nonexistent", located.root), { available: true, root: located.root });
        });
    });

    describe("sliceDocument", () => {
        const source = ["# generated\n" + crd("a.example.io"), crd("b.example.io"), crd("c.example.io")].join("\n---\n") + "\n";

        it("returns the named document byte for byte plus one newline", () => {
            assert.equal(sliceDocument(source, "b.example.io"), `${crd("b.example.io")}\n`);
            assert.equal(sliceDocument(source, "a.example.io"), `# generated\n${crd("a.example.io")}\n`);
        });

        it("fails for a name that is missing or appears twice", () => {
            assert.throws(() => sliceDocument(source, "d.example.io"), /expected one document named d.example.io, found 0/);
            assert.throws(() => sliceDocument(`${source}---\n${crd("b.example.io")}`, "b.example.io"), /found 2/);
        });
    });

    describe("with the located fixtures served as if downloaded", function () {
        let root: string;
        let download: Download;
        let files: UpstreamFile[];
        let requested: string[];
        let work: string;

        before(function () {
            const location = locateUpstream();
            if (!location.available) {
                console.log(`    pending: ${location.reason}`);
                this.skip();
            }
            root = location.root;
            ({ download, files, requested } = fakeUpstream(root));
        });
        beforeEach(() => (work = tempDir("schemas-fetch")));
        afterEach(() => removeTempDir(work));

        it("writes every file at its fixture path with the listed sha256, downloading each URL once", async () => {
            const out = join(work, "repo", ".cache", "upstream");
            const fetched = await fetchUpstream(out, download, files);
            assert.deepEqual(listFiles(out), UPSTREAM_FILES.map((file) => file.localPath).sort());
            for (const file of UPSTREAM_FILES) {
                assert.ok(readFileSync(join(out, file.localPath)).equals(readFileSync(join(root, file.localPath))), file.localPath);
            }
            assert.equal(fetched.length, UPSTREAM_FILES.length);
            assert.equal(requested.length, new Set(requested).size);
            assert.equal(
                requested.length,
                UPSTREAM_FILES.length - ISTIO_FIXTURES.length,
                "each set's two Istio CRDs come from one download",
            );
        });

        it("leaves a tree that the schema tests find when ../shared/upstream is absent", async () => {
            const repo = join(work, "repo");
            assert.equal(locateUpstream(repo, "").available, false);
            await fetchUpstream(join(repo, ".cache", "upstream"), download, files);
            assert.deepEqual(locateUpstream(repo, ""), { available: true, root: join(repo, ".cache", "upstream") });
        });

        it("fails naming every file whose content does not match its hash, and writes nothing", async () => {
            const tampered: Download = async (url) => {
                const body = await download(url);
                return url.endsWith("values.schema.json") ? encode(`${new TextDecoder().decode(body)} `) : body;
            };
            const out = join(work, "out");
            await assert.rejects(fetchUpstream(out, tampered, files), (error: Error) => {
                assert.match(
                    error.message,
                    /cert-manager\/v1\.21\.1\/values\.schema\.json \(from https:\/\/raw\.githubusercontent\.com\/cert-manager\/cert-manager\/24e33194fb39488eff2bbf10c6dc640f407cad44\/deploy\/charts\/cert-manager\/values\.schema\.json\): sha256 \w+, expected 47730ad9/,
                );
                assert.match(error.message, /istio\/1\.30\.3\/charts\/gateway\/values\.schema\.json .*expected 6a58a62e/);
                assert.match(
                    error.message,
                    /istio\/1\.31\/charts\/gateway\/values\.schema\.json \(from https:\/\/raw\.githubusercontent\.com\/istio\/istio\/a8d7012191ebf42bacd48fa72b32a05828e4c564\/.*expected a0e4ef97/,
                );
                return true;
            });
            assert.deepEqual(listFiles(out), []);
        });

        it("checks the multi-document source's own hash before slicing it", async () => {
            await assert.rejects(fetchUpstreamFiles(download, UPSTREAM_FILES), (error: Error) => {
                assert.match(
                    error.message,
                    /56df41f63e513f834c9a3af33d8aed82d1d961f2\/manifests\/charts\/base\/files\/crd-all\.gen\.yaml: sha256 \w+, expected dcb43ff6/,
                );
                assert.match(
                    error.message,
                    /a8d7012191ebf42bacd48fa72b32a05828e4c564\/manifests\/charts\/base\/files\/crd-all\.gen\.yaml: sha256 \w+, expected c0ad59e0/,
                );
                return true;
            });
        });

        it("passes a failed download on", async () => {
            const failing: Download = async (url) => {
                throw new Error(`GET ${url}: HTTP 404 Not Found`);
            };
            await assert.rejects(fetchUpstreamFiles(failing, files), /HTTP 404 Not Found/);
        });
    });
});

/**
 * A download serving the fixture files at their raw.githubusercontent.com URLs. The Istio CRDs of
 * each set are served inside a made-up crd-all.gen.yaml (their documents between others), so the
 * listed source hash is replaced by the made-up file's.
 */
function fakeUpstream(root: string): { download: Download; files: UpstreamFile[]; requested: string[] } {
    const bodies = new Map<string, Uint8Array>();
    for (const file of UPSTREAM_FILES.filter((f) => f.slice === undefined))
        bodies.set(rawGitHubUrl(file), readFileSync(join(root, file.localPath)));

    const slicesBySource = new Map<string, UpstreamFile[]>();
    for (const file of UPSTREAM_FILES.filter((f) => f.slice !== undefined)) {
        const url = rawGitHubUrl(file);
        slicesBySource.set(url, [...(slicesBySource.get(url) ?? []), file]);
    }
    const sourceHashes = new Map<string, string>();
    for (const [url, slices] of slicesBySource) {
        const [first, second] = slices.map((file) => readFileSync(join(root, file.localPath), "utf8").replace(/\n$/, ""));
        const multiDocument = encode(
            [
                "# Generated file, do not edit\n" + crd("authorizationpolicies.security.istio.io"),
                first,
                crd("sidecars.networking.istio.io"),
                second,
                crd("workloadentries.networking.istio.io"),
            ].join("\n---\n") + "\n",
        );
        bodies.set(url, multiDocument);
        sourceHashes.set(url, sha256(multiDocument));
    }

    const files = UPSTREAM_FILES.map((file) =>
        file.slice ? { ...file, slice: { ...file.slice, sourceSha256: sourceHashes.get(rawGitHubUrl(file)) as string } } : file,
    );
    const requested: string[] = [];
    const download: Download = async (url) => {
        requested.push(url);
        const body = bodies.get(url);
        if (body === undefined) throw new Error(`GET ${url}: HTTP 404 Not Found`);
        return body;
    };
    return { download, files, requested };
}

function listFiles(dir: string): string[] {
    const walk = (current: string): string[] =>
        readdirSync(current, { withFileTypes: true }).flatMap((entry) =>
            entry.isDirectory() ? walk(join(current, entry.name)) : [join(current, entry.name)],
        );
    mkdirSync(dir, { recursive: true });
    return walk(dir)
        .map((path) => relative(dir, path))
        .sort();
}
