import * as assert from "node:assert/strict";
import { expectedNamespaces, renderSummary } from "../../tools/synth/render";
import { synthYaml } from "../support/harness";

const CONFIG = (api: string) => `
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53:
    zones: [{ domain: example.com, hostedZoneId: Z0123456789ABCDEFGHIJ }]
  istio-acme-ingress:istio: { api: ${api} }
  istio-acme-ingress:gateways:
    - name: web
      hosts: [www.example.com, shop.example.com]
  istio-acme-ingress:routes:
    - name: www
      gateway: web
      hosts: [www.example.com]
      http:
        - destination: { host: www, port: 80 }
    - name: shop
      namespace: team-shop
      gateway: web
      hosts: [shop.example.com]
      http:
        - destination: { host: storefront.team-shop.svc.cluster.local, port: 80 }
`;

describe("synth: the namespaces a stack expects to exist", () => {
    for (const api of ["istio", "gateway-api"]) {
        it(`${api}: lists the route's and its backend's namespace, not those the component creates, in one summary line`, async () => {
            const result = await synthYaml(CONFIG(api));
            // The API server refuses a VirtualService or HTTPRoute in a namespace that does not exist.
            assert.deepEqual(expectedNamespaces(result.resources), ["team-shop"]);
            const summary = renderSummary(result).split("\n");
            assert.equal(summary[1], "Namespaces that must exist before `pulumi up` (the stack does not create them): team-shop");
        });
    }
});
