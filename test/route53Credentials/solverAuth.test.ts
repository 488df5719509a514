import * as assert from "node:assert/strict";
import { route53SolverAuth } from "../../components/route53Credentials/solverAuth";

const SECRET = { name: "route53-dns01-credentials", accessKeyIdKey: "access-key-id", secretAccessKeyKey: "secret-access-key" };
const ROLE = "arn:aws:iam::210987654321:role/dns01";
const refs = {
    accessKeyIDSecretRef: { name: "route53-dns01-credentials", key: "access-key-id" },
    secretAccessKeySecretRef: { name: "route53-dns01-credentials", key: "secret-access-key" },
};

describe("route53SolverAuth", () => {
    const cases = [
        { name: "access key", secret: SECRET, role: undefined, expected: refs },
        { name: "access key, zones in another account", secret: SECRET, role: ROLE, expected: { ...refs, role: ROLE } },
        { name: "ambient credentials (irsa, podIdentity)", secret: undefined, role: undefined, expected: {} },
        { name: "ambient credentials, zones in another account", secret: undefined, role: ROLE, expected: { role: ROLE } },
    ];
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(route53SolverAuth(c.secret, c.role), c.expected));
    }
});
