/**
 * A Gateway API standard-channel bundle the stack keeps in its own repository
 * (`gatewayApi.crdsFile`), read in the program and checked before anything is registered, so that a
 * preview needs no download and the plan holds the CRDs themselves.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseAllDocuments } from "yaml";

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
/** The release a bundle's objects come from, on each of them (`v1.6.1`). */
export const BUNDLE_VERSION_ANNOTATION = "gateway.networking.k8s.io/bundle-version";
/** `standard` or `experimental`, on each object of a bundle. */
export const CHANNEL_ANNOTATION = "gateway.networking.k8s.io/channel";
/** The ValidatingAdmissionPolicy (and its binding) every bundle since v1.5.0 carries beside its CRDs. */
export const SAFE_UPGRADES_POLICY = "safe-upgrades.gateway.networking.k8s.io";

const CRD_API_VERSION = "apiextensions.k8s.io/v1";
const ADMISSION_API_VERSION = "admissionregistration.k8s.io/v1";
const SAFE_UPGRADES_KINDS = new Set(["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]);

/** One object of a bundle, as its YAML document says it. */
export interface BundleObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; annotations?: Record<string, string>; [key: string]: unknown };
    [key: string]: unknown;
}

/** A bundle read and checked: its objects in the file's order. */
export interface GatewayApiBundle {
    /** The file, resolved against the working directory. */
    path: string;
    /** sha256 of the file's bytes, lowercase hex (what `sha256sum` prints). */
    sha256: string;
    /** The release its objects' bundle-version annotation names, e.g. `v1.6.1`. */
    version: string;
    objects: BundleObject[];
}

/** What is wrong with a bundle, by the key that says so: the file, or the digest it was given. */
export interface BundleProblem {
    key: "crdsFile" | "crdsSha256";
    message: string;
}

export type BundleReading = { bundle: GatewayApiBundle; problems: [] } | { bundle?: undefined; problems: BundleProblem[] };

/** Parsed bundles by their sha256: the config check and the plan read one file; YAML of 1 MB is parsed once. */
const parsedByDigest = new Map<string, { objects: BundleObject[]; version: string } | { problems: BundleProblem[] }>();

export function sha256Of(bytes: Buffer): string {
    return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Reads `file` (relative to `cwd`, the program's working directory: Pulumi runs the program in the
 * project's folder), checks its sha256 against `expectedSha256` when given (before parsing it), and
 * checks that it holds a Gateway API bundle of the standard channel and nothing else: CRDs of
 * gateway.networking.k8s.io, all of one bundle-version (the release), and the safe-upgrades
 * admission policy and binding.
 */
export function readGatewayApiBundle(file: string, expectedSha256?: string, cwd: string = process.cwd()): BundleReading {
    const path = resolve(cwd, file);
    let bytes: Buffer;
    try {
        bytes = readFileSync(path);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why =
            code === "ENOENT"
                ? "does not exist"
                : code === "EISDIR"
                  ? "is a folder, not a file"
                  : `cannot be read (${code ?? (error as Error).message})`;
        return {
            problems: [
                {
                    key: "crdsFile",
                    message: `${why}; a relative path resolves against the program's working directory (the Pulumi project's folder)`,
                },
            ],
        };
    }
    const sha256 = sha256Of(bytes);
    if (expectedSha256 !== undefined && expectedSha256.toLowerCase() !== sha256) {
        return {
            problems: [
                {
                    key: "crdsSha256",
                    message: `does not match the file: crdsSha256 is ${expectedSha256.toLowerCase()}, the sha256 of ${file} is ${sha256}; check the file (or give its new digest when you replaced it on purpose)`,
                },
            ],
        };
    }
    let parsed = parsedByDigest.get(sha256);
    if (parsed === undefined) {
        parsed = parseBundle(bytes.toString("utf8"));
        parsedByDigest.set(sha256, parsed);
    }
    if ("problems" in parsed) return { problems: parsed.problems };
    return { bundle: { path, sha256, version: parsed.version, objects: parsed.objects }, problems: [] };
}

function describe(object: Partial<BundleObject>, index: number): string {
    const name = typeof object.metadata?.name === "string" ? ` "${object.metadata.name}"` : "";
    return `${object.kind ?? "an object without kind"}${name} (document ${index + 1})`;
}

function parseBundle(text: string): { objects: BundleObject[]; version: string } | { problems: BundleProblem[] } {
    const problems: string[] = [];
    const objects: BundleObject[] = [];
    const documents = parseAllDocuments(text);
    if (!Array.isArray(documents)) return { problems: [{ key: "crdsFile", message: "is no YAML stream" }] };
    documents.forEach((document, index) => {
        if (document.errors.length > 0) {
            problems.push(`is no valid YAML: document ${index + 1}: ${document.errors[0].message.split("\n")[0]}`);
            return;
        }
        const value: unknown = document.toJS();
        if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
        if (typeof value !== "object" || Array.isArray(value)) {
            problems.push(`holds document ${index + 1}, which is no Kubernetes object`);
            return;
        }
        const object = value as Partial<BundleObject>;
        const what = describe(object, index);
        if (typeof object.apiVersion !== "string" || typeof object.kind !== "string" || typeof object.metadata?.name !== "string") {
            problems.push(`holds ${what}, which lacks apiVersion, kind or metadata.name`);
            return;
        }
        const group = (object.spec as { group?: unknown } | undefined)?.group;
        const isGatewayApiCrd =
            object.apiVersion === CRD_API_VERSION && object.kind === "CustomResourceDefinition" && group === GATEWAY_API_GROUP;
        const isSafeUpgrades =
            object.apiVersion === ADMISSION_API_VERSION &&
            SAFE_UPGRADES_KINDS.has(object.kind) &&
            object.metadata.name === SAFE_UPGRADES_POLICY;
        if (!isGatewayApiCrd && !isSafeUpgrades) {
            const of = object.kind === "CustomResourceDefinition" ? ` of group ${String(group)}` : ` (${object.apiVersion})`;
            problems.push(
                `holds ${what}${of}: a Gateway API bundle holds only CRDs of ${GATEWAY_API_GROUP} and its ${SAFE_UPGRADES_POLICY} admission policy`,
            );
            return;
        }
        const channel = object.metadata.annotations?.[CHANNEL_ANNOTATION];
        if (channel !== undefined && channel !== "standard") {
            problems.push(
                `holds ${what} of the ${channel} channel; only the standard channel is supported (its safe-upgrades policy refuses experimental CRDs over standard ones)`,
            );
        }
        objects.push(object as BundleObject);
    });
    const crds = objects.filter((object) => object.kind === "CustomResourceDefinition");
    if (problems.length === 0 && crds.length === 0) problems.push(`holds no CustomResourceDefinition of ${GATEWAY_API_GROUP}`);
    // The release is the CRDs': v1.5.1's admission policy and binding still say v1.5.0-dev.
    const unversioned = crds.filter((object) => typeof object.metadata.annotations?.[BUNDLE_VERSION_ANNOTATION] !== "string");
    for (const object of unversioned) {
        problems.push(
            `holds ${object.kind} "${object.metadata.name}" without the ${BUNDLE_VERSION_ANNOTATION} annotation every release's CRDs carry`,
        );
    }
    const versions = [
        ...new Set(crds.map((object) => object.metadata.annotations?.[BUNDLE_VERSION_ANNOTATION]).filter((v) => v !== undefined)),
    ];
    if (versions.length > 1) problems.push(`mixes CRDs of several releases (${BUNDLE_VERSION_ANNOTATION}: ${versions.sort().join(", ")})`);
    if (problems.length > 0) return { problems: problems.map((message) => ({ key: "crdsFile", message })) };
    return { objects, version: versions[0] };
}
