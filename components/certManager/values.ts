/**
 * Values of the cert-manager chart. CRDs come with the chart (`crds.enabled`, never the deprecated
 * `installCRDs`) and stay when the release is deleted (`crds.keep`), so certificates survive an
 * uninstall. `startupapicheck` is the post-install hook that waits until the webhook answers.
 */
export function certManagerValues(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        crds: { enabled: true, keep: true },
        startupapicheck: { enabled: true },
        ...extra,
    };
}
