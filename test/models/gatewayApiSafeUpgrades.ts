/**
 * The ValidatingAdmissionPolicy `safe-upgrades.gateway.networking.k8s.io` that the Gateway API
 * standard bundle carries from v1.5.0 on, as the API server evaluates it when a Gateway API CRD is
 * created or updated. Modelled from its two validations in
 * https://github.com/kubernetes-sigs/gateway-api/blob/v1.6.1/config/crd/standard/gateway.networking.k8s.io_vap_safeupgrades.yaml
 * (and the v1.5.1 file of the same path): CEL `matches()` is an unanchored RE2 search, as
 * JavaScript's `RegExp.test` is for these patterns.
 */

/** The annotations every CRD of a bundle carries. */
export interface BundleCrd {
    /** `gateway.networking.k8s.io/channel`. */
    channel?: "standard" | "experimental";
    /** `gateway.networking.k8s.io/bundle-version`, e.g. `v1.6.1`. */
    bundleVersion?: string;
}

export const EXPERIMENTAL_OVER_STANDARD =
    "Installing experimental CRDs on top of standard channel CRDs is prohibited by default. Uninstall ValidatingAdmissionPolicy safe-upgrades.gateway.networking.k8s.io to install experimental CRDs on top of standard channel CRDs.";
export const OLDER_VERSION =
    "Installing CRDs with version before v1.5.0 is prohibited by default. Uninstall ValidatingAdmissionPolicy safe-upgrades.gateway.networking.k8s.io to install older versions.";

/** The versions each policy refuses: v1.5.x refuses v1.0-v1.4 and v0; v1.6.x also v1.5, except release candidates. */
const REFUSED: Record<string, { older: RegExp; releaseCandidatesPass: boolean }> = {
    "v1.5": { older: /v1.[0-4].\d+/, releaseCandidatesPass: false },
    "v1.6": { older: /v1.[0-5].\d+/, releaseCandidatesPass: true },
};

/** "v1.6" of "v1.6.1". */
export function policyMinor(bundleVersion: string): string {
    return bundleVersion.split(".").slice(0, 2).join(".");
}

/**
 * The message the API server refuses `next` with, over `installed` (undefined: a create), under the
 * policy of bundle `policyVersion`; undefined when it admits it.
 */
export function safeUpgradeRefusal(policyVersion: string, installed: BundleCrd | undefined, next: BundleCrd): string | undefined {
    const policy = REFUSED[policyMinor(policyVersion)];
    if (!policy) throw new Error(`no model of the safe-upgrades policy of ${policyVersion}`);
    const channelAllowed = installed === undefined || next.channel === "standard" || installed.channel === "experimental";
    if (!channelAllowed) return EXPERIMENTAL_OVER_STANDARD;
    const version = next.bundleVersion;
    const versionAllowed =
        version !== undefined &&
        ((policy.releaseCandidatesPass && /-(rc)/.test(version)) || (!policy.older.test(version) && !/v0/.test(version)));
    return versionAllowed ? undefined : OLDER_VERSION;
}
