import * as pulumi from "@pulumi/pulumi";
import { isPlainMap } from "../helm";
import { ISTIO_STATUS_PORT } from "../dnsRecords/routing";

/** One value that would break the gateway Service's status port, at its path below the gateway chart's values. */
export interface StatusPortProblem {
    path: string[];
    message: string;
}

/** The entry the gateway chart's own `service.ports` starts with (values.yaml), as a user would write it back. */
const STATUS_PORT_ENTRY = `{ name: status-port, port: ${ISTIO_STATUS_PORT}, protocol: TCP, targetPort: ${ISTIO_STATUS_PORT} }`;

/**
 * A Service port that reaches the gateway pods' status port: Kubernetes takes `targetPort` to be `port`
 * when it is absent (ServicePort.targetPort: "Defaults to the value of the 'port' field"), and Envoy
 * answers `GET /healthz/ready` on 15021 whatever the Service says ("Ports used by Istio",
 * https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio).
 * A Pulumi output is only known at deploy time, so it is given the benefit of the doubt.
 */
function reachesStatusPort(entry: unknown): boolean {
    if (pulumi.Output.isInstance(entry)) return true;
    if (!isPlainMap(entry)) return false;
    const { port, targetPort, protocol } = entry;
    if (pulumi.Output.isInstance(port) || pulumi.Output.isInstance(targetPort)) return true;
    const tcp = protocol === undefined || protocol === null || protocol === "TCP";
    const target = targetPort === undefined || targetPort === null ? port : targetPort;
    return port === ISTIO_STATUS_PORT && target === ISTIO_STATUS_PORT && tcp;
}

/**
 * The gateway chart's `service.ports` is a list, so yours replaces the chart's whole list (Helm's merge:
 * lists are replaced, not appended). The status port must stay in it: the Route53 `readiness` health
 * checks (components/dnsRecords/routing.ts) and load balancer health checks pointed at it probe
 * `<load balancer>:15021/healthz/ready`. Refused rather than added back silently, so that the list you
 * write is the list the Service gets.
 */
export function gatewayStatusPortProblems(values: Record<string, unknown>): StatusPortProblem[] {
    const service = values.service;
    if (!isPlainMap(service) || !("ports" in service)) return [];
    const ports = service.ports;
    if (pulumi.Output.isInstance(ports)) return [];
    const path = ["service", "ports"];
    if (!Array.isArray(ports)) {
        return [
            {
                path,
                message: `would remove the gateway Service's status port ${ISTIO_STATUS_PORT}, which the Route53 readiness health checks probe: give the list with ${STATUS_PORT_ENTRY} in it`,
            },
        ];
    }
    if (ports.some(reachesStatusPort)) return [];
    return [
        {
            path,
            message: `has no status port: a list replaces the chart's whole list, and the Route53 readiness health checks probe port ${ISTIO_STATUS_PORT} of the load balancer: add ${STATUS_PORT_ENTRY}`,
        },
    ];
}
