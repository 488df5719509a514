import * as assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { SynthResult } from "../../tools/synth/engine";
import { EngineConfig, engineConfigFromYaml, readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../../tools/synth/synth";
import { describeOutcome, RoutingRequest } from "../models/routingOutcome";
import { requestsFor, routingOf } from "../support/routingOfSynth";

/**
 * One meaning for a stack's routes: the same config, declared with Istio's API and with the Gateway
 * API, sends every request to the same backend. Each API is run through its own request-matching
 * model (test/models/istioRouting.ts, test/models/gatewayApiRouting.ts) over the objects synth
 * declares, so the test fails where the emitted objects mean different things, and where either
 * system would decide by an order it leaves undefined.
 */
const project = readProjectFile();
const KEY = (name: string) => `${project.name}:${name}`;

type Api = "istio" | "gateway-api";

/** The stack's config with `istio.api` set to `api`, without the keys of the other API. */
function inApi(engine: EngineConfig, api: Api): EngineConfig {
    const config = { ...engine.config };
    const istio = JSON.parse(config[KEY("istio")] ?? "{}") as Record<string, unknown>;
    if (api === "gateway-api") delete istio.gatewayName;
    else delete config[KEY("gatewayApi")];
    config[KEY("istio")] = JSON.stringify({ ...istio, api });
    return { ...engine, config };
}

interface RoutesConfig {
    gateways: Array<{ hosts: string[] }>;
    routes?: Array<{ hosts: string[]; http: Array<{ match?: Record<string, string> }> }>;
}

function requestsOfConfig(engine: EngineConfig): RoutingRequest[] {
    const gateways = JSON.parse(engine.config[KEY("gateways")]) as RoutesConfig["gateways"];
    const routes = JSON.parse(engine.config[KEY("routes")] ?? "[]") as NonNullable<RoutesConfig["routes"]>;
    return requestsFor(
        gateways.flatMap((g) => g.hosts),
        routes.flatMap((r) => r.hosts),
        routes.flatMap((r) => r.http.flatMap((rule) => Object.values(rule.match ?? {}))),
    );
}

/** Every request whose outcomes differ, or that either system would decide by an undefined order. */
function differences(istio: SynthResult, gatewayApi: SynthResult, requests: readonly RoutingRequest[]): string[] {
    const [a, b] = [routingOf(istio), routingOf(gatewayApi)];
    assert.deepEqual([a.api, b.api], ["istio", "gateway-api"]);
    return requests.flatMap((request) => {
        const [viaIstio, viaGatewayApi] = [a.outcome(request), b.outcome(request)];
        const [shownIstio, shownGatewayApi] = [describeOutcome(viaIstio), describeOutcome(viaGatewayApi)];
        if (shownIstio === shownGatewayApi && viaIstio.kind !== "undefined") return [];
        return [`${request.scheme}://${request.host}${request.path}: istio -> ${shownIstio}; gateway-api -> ${shownGatewayApi}`];
    });
}

async function assertOneMeaning(stack: string, engine: EngineConfig): Promise<number> {
    const istio = await synthStack(stack, inApi(engine, "istio"), project.name);
    const gatewayApi = await synthStack(stack, inApi(engine, "gateway-api"), project.name);
    const requests = requestsOfConfig(engine);
    assert.deepEqual(differences(istio, gatewayApi, requests), [], "requests routed differently by the two APIs");
    return requests.length;
}

const exampleStacks = readdirSync(project.stackConfigDir)
    .filter((file) => /^Pulumi\..+\.yaml$/.test(file))
    .map((file) => file.replace(/^Pulumi\./, "").replace(/\.yaml$/, ""));

/**
 * Prefixes with and without a trailing slash, a longer prefix before a shorter one, an exact path under
 * a prefix, a catch-all; a host split between two teams' routes (one owns the catch-all); a regex
 * beside rules whose paths it cannot take; and a name below a wildcard that a route of its own takes over.
 */
const MIXED_STACK = `
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme:
    email: ops@example.com
  istio-acme-ingress:route53:
    zones:
      - domain: example.com
        hostedZoneId: Z0123456789ABCDEFGHIJ
  istio-acme-ingress:gateways:
    - name: web
      hosts: [shop.example.com, www.example.com, "*.apps.example.com"]
  istio-acme-ingress:routes:
    - name: shop
      namespace: shop
      gateway: web
      hosts: [shop.example.com]
      http:
        - match: { prefix: /api/v2 }
          destination: { host: api-v2, port: 8080 }
        - match: { exact: /api/status }
          destination: { host: status, port: 8080 }
        - match: { prefix: /api }
          destinations:
            - { host: api-v1, port: 8080, weight: 90 }
            - { host: api-v2, port: 8080, weight: 10 }
        - match: { prefix: /static/ }
          destination: { host: static, port: 80 }
        - match: { exact: /healthz }
          destination: { host: health, port: 8081 }
        - destination: { host: storefront, port: 80 }
    - name: www
      namespace: web
      gateway: web
      hosts: [www.example.com]
      http:
        - match: { prefix: / }
          destination: { host: www, port: 80 }
    - name: docs
      namespace: docs
      gateway: web
      hosts: [www.example.com]
      http:
        - match: { prefix: /docs/ }
          destination: { host: docs, port: 80 }
    - name: apps
      namespace: apps
      gateway: web
      hosts: ["*.apps.example.com"]
      http:
        - match: { regex: "/v[0-9]+/.*" }
          destination: { host: versioned, port: 8080 }
        - match: { exact: /healthz }
          destination: { host: health, port: 8081 }
        - match: { prefix: /static/ }
          destination: { host: static, port: 80 }
    - name: admin
      namespace: admin
      gateway: web
      hosts: [admin.apps.example.com]
      http:
        - match: { prefix: /console }
          destination: { host: console, port: 80 }
`;

describe("one meaning for a route in both APIs (request-matching models of Istio and the Gateway API)", function () {
    for (const stack of exampleStacks) {
        it(`stacks/Pulumi.${stack}.yaml: every request reaches the same backend with istio.api istio and gateway-api`, async () => {
            await assertOneMeaning(stack, readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name));
        });
    }

    it("a stack with /api/v2, /api, /static/, exact paths, a regex, a catch-all, a shared host and a name below a wildcard", async () => {
        const engine = engineConfigFromYaml(MIXED_STACK, project.name, "Pulumi.mixed.yaml");
        const count = await assertOneMeaning("mixed", engine);
        assert.ok(count > 300, `only ${count} requests compared`);
    });
});
