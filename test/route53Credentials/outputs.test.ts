import * as assert from "node:assert/strict";
import { synthYaml } from "../support/harness";
import { OIDC_PROVIDER_ARN, ZONE_ID } from "./support";

function stackWith(credentials: string): string {
    return `
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53:
    credentials: ${credentials}
    zones: [{ domain: example.com, hostedZoneId: ${ZONE_ID} }]
  istio-acme-ingress:gateways: [{ name: web, hosts: [www.example.com] }]
`;
}

describe("stack outputs per credentials mode", () => {
    const cases: Array<{ mode: string; credentials: string; present: string[]; absent: string[] }> = [
        { mode: "accessKey", credentials: "{ mode: accessKey }", present: ["iamUserArn", "accessKeyId"], absent: ["roleArn"] },
        {
            mode: "irsa",
            credentials: `{ mode: irsa, oidcProviderArn: "${OIDC_PROVIDER_ARN}" }`,
            present: ["roleArn"],
            absent: ["iamUserArn", "accessKeyId"],
        },
        {
            mode: "podIdentity",
            credentials: "{ mode: podIdentity, clusterName: prod }",
            present: ["roleArn"],
            absent: ["iamUserArn", "accessKeyId"],
        },
    ];
    for (const c of cases) {
        it(`${c.mode}: exports iamName and ${c.present.join(", ")} only`, async () => {
            const { outputs } = await synthYaml(stackWith(c.credentials));
            for (const key of c.present) assert.ok(key in outputs, `${key} exported`);
            for (const key of c.absent) assert.ok(!(key in outputs), `${key} not exported`);
            // The name is known before anything exists: the zones' account can trust it before the first up.
            assert.equal(outputs.iamName, "cert-manager-dns01-istio-acme-ingress-test");
            if (c.present.includes("roleArn"))
                assert.equal(
                    outputs.roleArn,
                    "arn:aws:iam::123456789012:role/istio-acme-ingress/cert-manager-dns01-istio-acme-ingress-test",
                );
            if (c.present.includes("iamUserArn"))
                assert.equal(
                    outputs.iamUserArn,
                    "arn:aws:iam::123456789012:user/istio-acme-ingress/cert-manager-dns01-istio-acme-ingress-test",
                );
        });
    }
});
