package dev.sessions.registry.security;

import dev.sessions.contract.address.ClientAddressResolver;
import dev.sessions.registry.config.RegistryConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.context.ApplicationScoped;

/** The contract's client-address rule, with this service's trusted proxies ({@code registry.trusted-proxies}). */
public class ClientAddressProducer {

    @Produces
    @ApplicationScoped
    ClientAddressResolver clientAddressResolver(RegistryConfig config) {
        return new ClientAddressResolver(config.trustedProxies());
    }
}
