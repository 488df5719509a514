/**
 * A stack whose routes need namespaces the component does not create: route `shop` lives in team-shop and sends
 * /api to a backend in team-api; `storefront` is a short host, so in the route's own namespace.
 */
export const namespacesStack = (api: string, namespaces = "") => `
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53:
    zones: [{ domain: example.com, hostedZoneId: Z0123456789ABCDEFGHIJ }]
  istio-acme-ingress:istio: { api: ${api} }
${namespaces}
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
        - match: { prefix: /api }
          destination: { host: api.team-api.svc.cluster.local, port: 8080 }
        - destination: { host: storefront, port: 80 }
`;
