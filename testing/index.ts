/**
 * `istio-acme-ingress/testing`: what a program's unit tests need to construct an IstioAcmeIngress
 * under Pulumi's mock engine and see every output resolve.
 *
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { ingressMocks } from "istio-acme-ingress/testing";
 *
 * pulumi.runtime.setMocks(ingressMocks(), "project", "test", false);
 * ```
 */
export { ingressMocks } from "./placeholders";
