package dev.sessions.registry.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.sessions.contract.address.ClientAddressResolver;
import dev.sessions.registry.config.RegistryConfig;

/** The contract's client-address rule, with this service's trusted proxies ({@code registry.trusted-proxies}). */
public class ClientAddressProducer {

    @Produces
    @ApplicationScoped
    ClientAddressResolver clientAddressResolver(RegistryConfig config) {
        return new ClientAddressResolver(config.trustedProxies());
    }
}
