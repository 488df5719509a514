import * as assert from "node:assert/strict";
import fc from "fast-check";
import { credentialsIamName, IAM_NAME_MAX_LENGTH } from "../../components/route53Credentials/names";
import { PROJECT } from "../support/harness";
import { ACCESS_KEY_USER, ROLE, synthRoute53 } from "./support";

// IAM's rules for user and role names (managed policies allow up to 128 characters of the same set):
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName: [\w+=,.@-]+, 1-64)
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html (UserName: [\w+=,.@-]+, 1-64)
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

describe("IAM names of cert-manager's identity", () => {
    it("are cert-manager-dns01-<project>-<stack>", () => {
        assert.equal(credentialsIamName("istio-acme-ingress", "prod"), "cert-manager-dns01-istio-acme-ingress-prod");
    });

    it("are the same on every run, so the zones' account can trust them before the first up", () => {
        assert.equal(credentialsIamName("shop", "eu-west-prod"), credentialsIamName("shop", "eu-west-prod"));
    });

    it("keep a name of exactly 64 characters whole", () => {
        const stack = "s".repeat(IAM_NAME_MAX_LENGTH - "cert-manager-dns01-p-".length);
        assert.equal(credentialsIamName("p", stack), `cert-manager-dns01-p-${stack}`);
    });

    it("shorten a longer name to 64 characters, ending in a hash of the whole name", () => {
        const long = "a-very-long-platform-project-name";
        const prod = credentialsIamName(long, "production-eu-central-1");
        const staging = credentialsIamName(long, "production-eu-central-2");
        assert.equal(prod.length, 64);
        assert.match(prod, /^cert-manager-dns01-a-very-long-platform-project-name-pr-[0-9a-f]{8}$/);
        assert.notEqual(prod, staging, "two stacks that differ only past the cut still get two names");
    });

    it("replace characters IAM refuses in names", () => {
        assert.equal(credentialsIamName("my project", "dev/1"), "cert-manager-dns01-my-project-dev-1");
    });

    it("are valid IAM user and role names for any project and stack, and differ when they differ", () => {
        const part = fc.stringMatching(/^[A-Za-z0-9_.-]{1,100}$/);
        fc.assert(
            fc.property(part, part, part, (project, stackA, stackB) => {
                const a = credentialsIamName(project, stackA);
                assert.match(a, IAM_NAME);
                if (stackA !== stackB) assert.notEqual(a, credentialsIamName(project, stackB));
            }),
        );
    });

    it("name the user, the role and the policy in the synthesized stack", async () => {
        const expected = credentialsIamName(PROJECT, "test");
        const accessKey = await synthRoute53({});
        const irsa = await synthRoute53({
            credentials: { mode: "irsa", oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/ABC" },
        });
        for (const [result, type] of [
            [accessKey, ACCESS_KEY_USER],
            [accessKey, "aws:iam/policy:Policy"],
            [irsa, ROLE],
            [irsa, "aws:iam/policy:Policy"],
        ] as const) {
            const named = result.resources.filter((r) => r.type === type).map((r) => r.inputs.name);
            assert.deepEqual(named, [expected], type);
        }
    });
});
