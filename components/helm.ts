/** Where a chart comes from, in the shape `k8s.helm.v3.Release` takes. */
export function chartSource(repository: string, chart: string): { chart: string; repositoryOpts?: { repo: string } } {
    return repository.startsWith("oci://") ? { chart: `${repository}/${chart}` } : { chart, repositoryOpts: { repo: repository } };
}

/**
 * Settings every release here shares: Helm waits for the release's workloads and hook jobs
 * (`skipAwait: false`), so whatever depends on a release finds it running.
 */
export const RELEASE_DEFAULTS = {
    createNamespace: false,
    skipAwait: false,
    waitForJobs: true,
    cleanupOnFail: true,
    timeout: 600,
    maxHistory: 10,
} as const;
