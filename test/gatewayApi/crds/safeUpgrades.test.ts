import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GATEWAY_API_VERSION_BY_ISTIO_MINOR } from "../../../components/config/defaults";
import { validateIngressConfig } from "../../../components/config/validate";
import { REPO_ROOT } from "../../../tools/synth/synth";
import { EXPERIMENTAL_OVER_STANDARD, OLDER_VERSION, safeUpgradeRefusal } from "../../models/gatewayApiSafeUpgrades";

const standard = (bundleVersion: string) => ({ channel: "standard" as const, bundleVersion });

/** The bundle each Istio minor installs, oldest Istio first. */
const matched = Object.entries(GATEWAY_API_VERSION_BY_ISTIO_MINOR).sort(([a], [b]) => Number(a.split(".")[1]) - Number(b.split(".")[1]));

describe("the Gateway API bundle's safe-upgrades admission policy", () => {
    it("matches its published rule: older versions and experimental over standard are refused, upgrades and creates pass", () => {
        assert.equal(safeUpgradeRefusal("v1.6.1", standard("v1.6.1"), standard("v1.5.1")), OLDER_VERSION);
        assert.equal(safeUpgradeRefusal("v1.5.1", standard("v1.5.1"), standard("v1.4.1")), OLDER_VERSION);
        assert.equal(safeUpgradeRefusal("v1.5.1", standard("v1.5.1"), standard("v1.5.0")), undefined, "v1.5 does not refuse v1.5.x");
        assert.equal(safeUpgradeRefusal("v1.6.1", standard("v1.5.1"), standard("v1.6.1")), undefined);
        assert.equal(safeUpgradeRefusal("v1.6.1", standard("v1.6.1"), standard("v1.7.0-rc.1")), undefined);
        assert.equal(
            safeUpgradeRefusal("v1.6.1", standard("v1.6.1"), { channel: "experimental", bundleVersion: "v1.6.1" }),
            EXPERIMENTAL_OVER_STANDARD,
        );
        assert.equal(safeUpgradeRefusal("v1.6.1", undefined, { channel: "experimental", bundleVersion: "v1.6.1" }), undefined);
        assert.equal(safeUpgradeRefusal("v1.6.1", standard("v1.6.1"), { channel: "standard" }), OLDER_VERSION, "no bundle-version at all");
    });

    it("lets an Istio upgrade of one minor apply its matched bundle over the previous one's, under both policies", () => {
        for (let i = 1; i < matched.length; i++) {
            const [, before] = matched[i - 1];
            const [istio, after] = matched[i];
            for (const policy of [before, after]) {
                assert.equal(
                    safeUpgradeRefusal(policy, standard(before), standard(after)),
                    undefined,
                    `Istio ${istio}: ${before} -> ${after}`,
                );
            }
        }
    });

    it("refuses going back one Istio minor with the message docs/apis.md quotes, which names v1.5.0 though v1.6 refuses v1.5", () => {
        const [, older] = matched[matched.length - 2];
        const [, newer] = matched[matched.length - 1];
        assert.equal(safeUpgradeRefusal(newer, standard(newer), standard(older)), OLDER_VERSION);
        const page = readFileSync(join(REPO_ROOT, "docs", "apis.md"), "utf8");
        assert.ok(page.includes(OLDER_VERSION), "docs/apis.md quotes the downgrade refusal");
        assert.ok(page.includes(EXPERIMENTAL_OVER_STANDARD), "docs/apis.md quotes the channel refusal");
    });

    it("is why the config refuses versions before v1.5.0 and experimental bundles: each would be refused over a v1.5 install", () => {
        const config = (gatewayApi: Record<string, unknown>) =>
            validateIngressConfig({
                acme: { email: "ops@example.com" },
                route53: { zones: [{ domain: "example.com" }] },
                istio: { api: "gateway-api", version: "1.30.3" },
                gatewayApi,
                gateways: [{ name: "web", hosts: ["www.example.com"] }],
            });
        for (const version of ["v1.4.1", "v1.3.0", "v0.8.1"]) {
            assert.equal(safeUpgradeRefusal("v1.5.1", standard("v1.5.1"), standard(version)), OLDER_VERSION);
            assert.equal(config({ version }).ok, false, `the config refuses ${version}`);
        }
        for (const version of ["v1.5.0", "v1.5.1", "v1.6.1"]) {
            assert.equal(safeUpgradeRefusal("v1.5.1", standard("v1.5.0"), standard(version)), undefined);
            assert.equal(config({ version }).ok, true, `the config accepts ${version}`);
        }
        const experimental = "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/experimental-install.yaml";
        assert.equal(config({ crdsUrl: experimental }).ok, false);
    });
});
