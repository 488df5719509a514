import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Download, fetchUpstream, fetchUpstreamFiles, sha256, sliceDocument } from "../../tools/schemas/fetch";
import { rawGitHubUrl, UPSTREAM_FILES, UpstreamFile } from "../../tools/schemas/sources";
import { locateUpstream } from "../support/upstreamSchemas";

const encode = (text: string) => new TextEncoder().encode(text);

const crd = (name: string) => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\nspec: {}`;

describe("schemas:fetch", () => {
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
                console.log(`    skipped: ${location.reason}`);
                this.skip();
            }
            root = location.root;
            ({ download, files, requested } = fakeUpstream(root));
        });
        beforeEach(() => (work = mkdtempSync(join(tmpdir(), "schemas-fetch-"))));
        afterEach(() => rmSync(work, { recursive: true, force: true }));

        it("writes every file at its fixture path with the listed sha256, downloading each URL once", async () => {
            const out = join(work, "repo", ".cache", "upstream");
            const fetched = await fetchUpstream(out, download, files);
            assert.deepEqual(listFiles(out), UPSTREAM_FILES.map((file) => file.localPath).sort());
            for (const file of UPSTREAM_FILES) {
                assert.ok(readFileSync(join(out, file.localPath)).equals(readFileSync(join(root, file.localPath))), file.localPath);
            }
            assert.equal(fetched.length, UPSTREAM_FILES.length);
            assert.equal(requested.length, new Set(requested).size);
            assert.equal(requested.length, UPSTREAM_FILES.length - 1, "the two Istio CRDs come from one download");
        });

        it("leaves a tree that the schema tests find when ../shared/upstream is absent", async () => {
            const repo = join(work, "repo");
            assert.equal(locateUpstream(repo).available, false);
            await fetchUpstream(join(repo, ".cache", "upstream"), download, files);
            assert.deepEqual(locateUpstream(repo), { available: true, root: join(repo, ".cache", "upstream") });
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
                    /cert-manager\/v1\.21\.1\/values\.schema\.json \(from https:\/\/raw\.githubusercontent\.com\/cert-manager\/cert-manager\/v1\.21\.1\/deploy\/charts\/cert-manager\/values\.schema\.json\): sha256 \w+, expected 47730ad9/,
                );
                assert.match(error.message, /istio\/1\.30\.3\/charts\/gateway\/values\.schema\.json .*expected 6a58a62e/);
                return true;
            });
            assert.deepEqual(listFiles(out), []);
        });

        it("checks the multi-document source's own hash before slicing it", async () => {
            await assert.rejects(fetchUpstreamFiles(download, UPSTREAM_FILES), /crd-all\.gen\.yaml: sha256 \w+, expected dcb43ff6/);
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
 * A download serving the fixture files at their raw.githubusercontent.com URLs. The Istio CRDs
 * are served inside a made-up crd-all.gen.yaml (their documents between others), so the listed
 * source hash is replaced by the made-up file's.
 */
function fakeUpstream(root: string): { download: Download; files: UpstreamFile[]; requested: string[] } {
    const bodies = new Map<string, Uint8Array>();
    const slices = UPSTREAM_FILES.filter((file) => file.slice !== undefined);
    for (const file of UPSTREAM_FILES.filter((f) => f.slice === undefined))
        bodies.set(rawGitHubUrl(file), readFileSync(join(root, file.localPath)));

    const documents = slices.map((file) => readFileSync(join(root, file.localPath), "utf8").replace(/\n$/, ""));
    const multiDocument = encode(
        [
            "# Generated file, do not edit\n" + crd("authorizationpolicies.security.istio.io"),
            documents[0],
            crd("sidecars.networking.istio.io"),
            documents[1],
            crd("workloadentries.networking.istio.io"),
        ].join("\n---\n") + "\n",
    );
    for (const file of slices) bodies.set(rawGitHubUrl(file), multiDocument);

    const files = UPSTREAM_FILES.map((file) =>
        file.slice ? { ...file, slice: { ...file.slice, sourceSha256: sha256(multiDocument) } } : file,
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
