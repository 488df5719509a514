import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { IstioAcmeIngress } from "../../components/istioAcmeIngress";
import { readStackConfig } from "../../stacks/config";
import stackProgram = require("../../stacks/index");
import { SECRET, synthesize, SynthResult } from "../../tools/synth/engine";
import { PLACEHOLDER_SECRET_ACCESS_KEY } from "../../testing/placeholders";
import { renderFiles, REPO_ROOT } from "../../tools/synth/synth";
import { tempDir } from "../support/tempDir";
import { renderSummary } from "../../tools/synth/render";
import { EngineInput, observingEngineInputs } from "../models/crossReferences";
import { minimalArgs } from "../support/harness";

const PROJECT = "istio-acme-ingress";
const EMAIL_CANARY = "secret-canary-7f3a@example.com";
/** The mock access key's secret, and the form it would take in a Secret's `data`. */
const KEY_CANARIES = [PLACEHOLDER_SECRET_ACCESS_KEY, Buffer.from(PLACEHOLDER_SECRET_ACCESS_KEY).toString("base64")];
const ACME_KEY = `${PROJECT}:acme`;
/** An External Account Binding's HMAC key (base64url, as ZeroSSL hands them out). */
const HMAC_CANARY = "hmac-canary-5d1e9c0b7a";
const ZEROSSL_ACME = { email: EMAIL_CANARY, server: "zerossl", externalAccountBinding: { keyId: "kid-1", hmacKey: HMAC_CANARY } };

/** A small stack whose ACME email is secret, as `pulumi config set --secret` would leave it. */
const ENGINE_CONFIG: Record<string, string> = {
    "aws:region": "ca-central-1",
    [ACME_KEY]: JSON.stringify({ email: EMAIL_CANARY, server: "staging" }),
    [`${PROJECT}:route53`]: JSON.stringify({ zones: [{ domain: "example.com" }] }),
    [`${PROJECT}:gateways`]: JSON.stringify([{ name: "web", hosts: ["www.example.com", "*.apps.example.com"] }]),
    [`${PROJECT}:routes`]: JSON.stringify([
        {
            name: "www",
            gateway: "web",
            hosts: ["www.example.com"],
            http: [{ destination: { host: "web.web.svc.cluster.local", port: 80 } }],
        },
    ]),
};

function synthWithSecrets(
    secretKeys: string[],
    config: Record<string, string> = ENGINE_CONFIG,
): Promise<{ value: SynthResult; seen: EngineInput[] }> {
    return observingEngineInputs(() =>
        synthesize({
            project: PROJECT,
            stack: "secrets",
            config,
            secretKeys,
            program: stackProgram,
            preflight: () => void readStackConfig(),
        }),
    );
}

/** What synth writes and prints for `result`: resources.json, manifests.yaml and the stdout summary. */
function everythingShown(result: SynthResult): Record<string, string> {
    return { ...renderFiles(result), stdout: renderSummary(result) };
}

function assertNowhere(texts: Record<string, string>, canaries: readonly string[]): void {
    for (const [name, text] of Object.entries(texts)) {
        for (const canary of canaries) assert.ok(!text.includes(canary), `${name} shows ${JSON.stringify(canary)}`);
    }
}

/** Where in an engine input a canary occurs, and whether a secret wrapper encloses it. */
interface Occurrence {
    path: string;
    secret: boolean;
}

function occurrences(value: unknown, canaries: readonly string[], path = "", secret = false): Occurrence[] {
    if (pulumi.runtime.isRpcSecret(value)) return occurrences(pulumi.runtime.unwrapRpcSecret(value), canaries, path, true);
    if (typeof value === "string") return canaries.some((canary) => value.includes(canary)) ? [{ path, secret }] : [];
    if (Array.isArray(value)) return value.flatMap((item, i) => occurrences(item, canaries, `${path}[${i}]`, secret));
    if (value !== null && typeof value === "object") {
        return Object.entries(value).flatMap(([key, inner]) => occurrences(inner, canaries, path ? `${path}.${key}` : key, secret));
    }
    return [];
}

/** Every input the engine received that carries a canary, as `type name: path`, split by whether it is marked secret. */
function carriers(seen: readonly EngineInput[], canaries: readonly string[]): { secret: string[]; plain: string[] } {
    const all = seen.flatMap((input) =>
        occurrences(input.inputs, canaries).map((o) => ({ ...o, where: `${input.type} ${input.name}: ${o.path}` })),
    );
    return { secret: all.filter((o) => o.secret).map((o) => o.where), plain: all.filter((o) => !o.secret).map((o) => o.where) };
}

describe("secrets hygiene", () => {
    describe("in-process synth of the stack program with a secret acme config key", () => {
        let run: { value: SynthResult; seen: EngineInput[] };
        before(async () => {
            run = await synthWithSecrets([ACME_KEY]);
        });

        it("shows neither the secret email nor the AWS secret key in resources.json, manifests.yaml or stdout", () => {
            assertNowhere(everythingShown(run.value), [EMAIL_CANARY, ...KEY_CANARIES]);
        });

        it("marks secret every input that carries the AWS secret key, the credentials Secret's stringData among them", () => {
            const { secret, plain } = carriers(run.seen, KEY_CANARIES);
            assert.deepEqual(plain, []);
            assert.ok(
                secret.some((where) => where.startsWith("kubernetes:core/v1:Secret ") && where.includes(": stringData")),
                `the secret key reached no Secret's stringData: ${secret.join("; ")}`,
            );
            const recorded = run.value.resources.filter((r) => r.type === "kubernetes:core/v1:Secret");
            assert.equal(recorded.length, 1);
            assert.equal(recorded[0].inputs.stringData, SECRET);
        });

        it("marks secret every input that carries the email", () => {
            const { secret, plain } = carriers(run.seen, [EMAIL_CANARY]);
            assert.deepEqual(plain, []);
            assert.ok(secret.length > 0, "the email reached no resource; the test would prove nothing");
        });
    });

    it("would see the email if the acme key were not secret (the search above can fail)", async () => {
        const { value, seen } = await synthWithSecrets([]);
        assert.match(everythingShown(value)["resources.json"], new RegExp(EMAIL_CANARY));
        assert.ok(carriers(seen, [EMAIL_CANARY]).plain.length > 0);
    });

    describe("an External Account Binding's HMAC key", () => {
        const zerosslConfig = { ...ENGINE_CONFIG, [ACME_KEY]: JSON.stringify(ZEROSSL_ACME) };

        it("shows nowhere in resources.json, manifests.yaml or stdout, and reaches the engine only as a secret, in the EAB Secret", async () => {
            const { value, seen } = await synthWithSecrets([ACME_KEY], zerosslConfig);
            assertNowhere(everythingShown(value), [HMAC_CANARY]);
            const { secret, plain } = carriers(seen, [HMAC_CANARY]);
            assert.deepEqual(plain, []);
            assert.deepEqual(secret, ["kubernetes:core/v1:Secret ingress-issuer-eab: stringData.hmac-key"]);
        });

        it("is refused in clear in a stack config (Pulumi.<stack>.yaml is committed), without repeating it", async () => {
            await assert.rejects(synthWithSecrets([], zerosslConfig), (error: Error) => {
                assert.match(
                    error.message,
                    /istio-acme-ingress:acme\.externalAccountBinding\.hmacKey: is a key and must be a secret: set it with pulumi config set --secret --path 'acme\.externalAccountBinding\.hmacKey' <value>/,
                );
                assert.ok(!error.message.includes(HMAC_CANARY));
                return true;
            });
        });

        it("is made secret by the component when a program passes it as a plain string", async () => {
            const { seen } = await observingEngineInputs(() =>
                synthesize({
                    project: PROJECT,
                    stack: "secrets",
                    config: { "aws:region": "ca-central-1" },
                    secretKeys: [],
                    program: async () => {
                        new IstioAcmeIngress(
                            "ingress",
                            minimalArgs({ acme: { ...ZEROSSL_ACME, email: "ops@example.com", server: "zerossl" } }),
                        );
                    },
                }),
            );
            const { secret, plain } = carriers(seen, [HMAC_CANARY]);
            assert.deepEqual(plain, []);
            assert.deepEqual(secret, ["kubernetes:core/v1:Secret ingress-issuer-eab: stringData.hmac-key"]);
        });
    });

    it("the CLI writes and prints neither a secure: value nor the AWS secret key", () => {
        const dir = tempDir("secrets");
        const configPath = join(dir, "Pulumi.secrets.yaml");
        // The canaries stand where pulumi puts ciphertext; synth cannot decrypt and must not print them.
        writeFileSync(
            configPath,
            [
                "config:",
                "  aws:region: ca-central-1",
                `  ${ACME_KEY}:`,
                "    email:",
                `      secure: ${EMAIL_CANARY}`,
                "    server: zerossl",
                "    externalAccountBinding:",
                "      keyId: kid-1",
                "      hmacKey:",
                `        secure: ${HMAC_CANARY}`,
                ...Object.entries(ENGINE_CONFIG)
                    .filter(([key]) => key !== ACME_KEY && key !== "aws:region")
                    .map(([key, value]) => `  ${key}: ${value}`),
                "",
            ].join("\n"),
        );
        const out = join(dir, "out");
        const cli = spawnSync(
            process.execPath,
            ["--require", "./tools/loader/register.js", "tools/synth/cli.ts", "--config", configPath, "--out", out],
            {
                cwd: REPO_ROOT,
                encoding: "utf8",
            },
        );
        const read = (name: string) => readFileSync(join(out, name), "utf8");
        const files: Record<string, string> =
            cli.status === 0 ? { "resources.json": read("resources.json"), "manifests.yaml": read("manifests.yaml") } : {};

        assert.equal(cli.status, 0, cli.stderr);
        const shown: Record<string, string> = { stdout: cli.stdout, stderr: cli.stderr, ...files };
        assertNowhere(shown, [EMAIL_CANARY, HMAC_CANARY, ...KEY_CANARIES]);
        const issuer = (JSON.parse(shown["resources.json"]) as SynthResult).resources.find((r) => r.type.endsWith(":ClusterIssuer"));
        assert.ok(JSON.stringify(issuer?.inputs.spec).includes(SECRET), "the ClusterIssuer's email is not redacted");
    });
});
