import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

/**
 * A value the component needs from the cluster, from AWS or from a provider (an address, an ARN, a
 * zone ID) did not come. On a real cluster and account this does not happen; under Pulumi's mock
 * engine it is what mocks that return their inputs as state give.
 */
export class MissingValueError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MissingValueError";
    }
}

const UNDER_MOCKS =
    "Under Pulumi's mock engine that value is your mocks' answer: run the program under ingressMocks() from " +
    '"istio-acme-ingress/testing" (pulumi.runtime.setMocks(ingressMocks(), ...)), which answers every read and lookup ' +
    "of IstioAcmeIngress as a cluster and AWS would, or return it from your own mocks";

/** True while the program runs under Pulumi's mock engine (`pulumi.runtime.setMocks`): unit tests and synth. */
function underMockEngine(): boolean {
    return pulumi.runtime.getMonitor() instanceof MockMonitor;
}

/**
 * Fails, saying what cannot be computed and where it should have come from. Throw it from an `apply`:
 * the output rejects, and with it every resource and output built from it, so `pulumi up` stops.
 *
 * Under the mock engine the message also points at `ingressMocks`, and the error is raised as an
 * uncaught exception too: a rejected output never calls `apply` back, and test runners (mocha)
 * drop the SDK's unhandled rejection, so a test reading the output would wait until its timeout;
 * an uncaught exception fails it at once, as the same failure would fail `pulumi up`.
 */
export function failMissing(what: string, source: string): never {
    const message = `${what} cannot be computed: ${source}`;
    if (!underMockEngine()) throw new MissingValueError(message);
    const explained = `${message}. ${UNDER_MOCKS}`;
    // Its own instance: the SDK prefixes the message of the rejection it serializes ("error serializing property ...").
    const uncaught = new MissingValueError(explained);
    process.nextTick(() => {
        throw uncaught;
    });
    throw new MissingValueError(explained);
}

/** `value` once it is there; {@link failMissing} when it resolves to undefined or null. */
export function requireComputed<T>(value: pulumi.Output<T>, what: string, source: string): pulumi.Output<NonNullable<T>> {
    return value.apply((resolved) => (resolved === undefined || resolved === null ? failMissing(what, source) : resolved));
}
