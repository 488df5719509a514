import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { rawGitHubUrl, UPSTREAM_ENV, UPSTREAM_FILES, UpstreamFile } from "./sources";

/** Fetches one URL's body; injectable so tests run without a network. */
export type Download = (url: string) => Promise<Uint8Array>;

/** $ISTIO_ACME_INGRESS_UPSTREAM when set (the tests then read the fixtures there), else .cache/upstream. */
export const DEFAULT_OUT_DIR = process.env[UPSTREAM_ENV]
    ? resolve(process.env[UPSTREAM_ENV])
    : resolve(__dirname, "..", "..", ".cache", "upstream");

export const downloadWithFetch: Download = async (url) => {
    const response = await fetch(url).catch((error: unknown) => {
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
        throw new Error(`GET ${url}: ${error instanceof Error ? error.message : String(error)}${cause}`);
    });
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
};

export function sha256(content: Uint8Array | string): string {
    return createHash("sha256").update(content).digest("hex");
}

/**
 * The document named `documentName` (by `metadata.name`) of a multi-document YAML file, byte for
 * byte plus one trailing newline: the way the Istio CRD fixtures were cut from crd-all.gen.yaml.
 */
export function sliceDocument(multiDocument: string, documentName: string): string {
    const matches = multiDocument.split("\n---\n").filter((document) => nameOf(document) === documentName);
    if (matches.length !== 1) throw new Error(`expected one document named ${documentName}, found ${matches.length}`);
    return `${matches[0]}\n`;
}

function nameOf(document: string): string | undefined {
    const parsed = parse(document) as { metadata?: { name?: unknown } } | null;
    const name = parsed?.metadata?.name;
    return typeof name === "string" ? name : undefined;
}

export interface FetchedFile {
    localPath: string;
    content: Uint8Array;
}

/** Downloads (each URL once) and cuts every file; checks every hash before anything is written. */
export async function fetchUpstreamFiles(download: Download, files: readonly UpstreamFile[] = UPSTREAM_FILES): Promise<FetchedFile[]> {
    const bodies = new Map<string, Promise<Uint8Array>>();
    const downloadOnce = (url: string) => {
        if (!bodies.has(url)) bodies.set(url, download(url));
        return bodies.get(url) as Promise<Uint8Array>;
    };
    const fetched: FetchedFile[] = [];
    const problems: string[] = [];
    for (const file of files) {
        const url = rawGitHubUrl(file);
        const body = await downloadOnce(url);
        const content = file.slice ? sliceChecked(body, file.slice, url, problems) : body;
        if (content === undefined) continue;
        const actual = sha256(content);
        if (actual !== file.sha256) problems.push(`${file.localPath} (from ${url}): sha256 ${actual}, expected ${file.sha256}`);
        else fetched.push({ localPath: file.localPath, content });
    }
    if (problems.length > 0) throw new Error(`upstream files do not match tools/schemas/sources.ts:\n  ${problems.join("\n  ")}`);
    return fetched;
}

function sliceChecked(
    body: Uint8Array,
    slice: NonNullable<UpstreamFile["slice"]>,
    url: string,
    problems: string[],
): Uint8Array | undefined {
    const actual = sha256(body);
    if (actual !== slice.sourceSha256) {
        problems.push(`${url}: sha256 ${actual}, expected ${slice.sourceSha256}`);
        return undefined;
    }
    return new TextEncoder().encode(sliceDocument(new TextDecoder().decode(body), slice.documentName));
}

/** Writes each file through a temporary name, so no half-written fixture is left behind. */
export function writeFetchedFiles(outDir: string, files: readonly FetchedFile[]): void {
    for (const file of files) {
        const target = join(outDir, file.localPath);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(`${target}.tmp`, file.content);
        renameSync(`${target}.tmp`, target);
    }
}

export async function fetchUpstream(
    outDir = DEFAULT_OUT_DIR,
    download: Download = downloadWithFetch,
    files: readonly UpstreamFile[] = UPSTREAM_FILES,
): Promise<FetchedFile[]> {
    const fetched = await fetchUpstreamFiles(download, files);
    writeFetchedFiles(outDir, fetched);
    return fetched;
}

if (require.main === module) {
    fetchUpstream().then(
        (files) => process.stdout.write(`Wrote ${files.length} files under ${DEFAULT_OUT_DIR}\n`),
        (error: unknown) => {
            process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
