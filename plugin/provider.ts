import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";
import { IstioAcmeIngress } from "../components/istioAcmeIngress";

/** The package name: the first part of every type token, and the name `pulumi package add` records. */
export const PACKAGE_NAME = "istio-acme-ingress";
export const COMPONENT_TYPE = `${PACKAGE_NAME}:index:IstioAcmeIngress`;

/**
 * The directory whose tsconfig.json and package.json the SDK's schema analyzer reads. It holds no sources, so
 * editors and ESLint never take its tsconfig.json (which reads the component's sources only, resolving no other
 * module) for a file's project.
 */
export const ANALYZER_DIR = join(__dirname, "analyzer");

/** What the plugin hosts: IstioAcmeIngress alone (the SDK's default host would take every exported component). */
export function providerOptions(): ComponentProviderOptions & { version: string } {
    const manifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string };
    return { components: [IstioAcmeIngress], name: PACKAGE_NAME, dirname: ANALYZER_DIR, version: manifest.version };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (value === null || typeof value !== "object") return false;
    const prototype = Object.getPrototypeOf(value) as unknown;
    return prototype === Object.prototype || prototype === null;
}

/**
 * The inputs without their `null` members. The engine passes a `null` a program wrote (YAML's `null`, Python's
 * `None` in a dict) as it is, while no member of the args may be null: an optional member is left out instead. List
 * items stay, so that a null item is reported at its index. Outputs and resources are left as they are.
 */
export function withoutNullMembers(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutNullMembers);
    if (!isPlainObject(value)) return value;
    return Object.fromEntries(
        Object.entries(value)
            .filter(([, member]) => member !== null)
            .map(([key, member]) => [key, withoutNullMembers(member)]),
    );
}

/** The SDK's component provider, taking the inputs as the engine sends them from any language. */
export class IstioAcmeIngressProvider extends ComponentProvider {
    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions) {
        return super.construct(name, type, withoutNullMembers(inputs) as pulumi.Inputs, options);
    }
}
