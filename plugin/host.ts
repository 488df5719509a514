import { main } from "@pulumi/pulumi/provider";
import { IstioAcmeIngressProvider, providerOptions } from "./provider";

// Serves the provider on the port it prints, for the engine that started this process.
void main(new IstioAcmeIngressProvider(providerOptions()), process.argv.slice(2));
