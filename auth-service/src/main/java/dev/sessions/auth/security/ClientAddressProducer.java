package dev.sessions.auth.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.contract.address.ClientAddressResolver;

/** The contract's client-address rule, with this service's trusted proxies ({@code auth.trusted-proxies}). */
public class ClientAddressProducer {

    @Produces
    @ApplicationScoped
    ClientAddressResolver clientAddressResolver(AuthConfig config) {
        return new ClientAddressResolver(config.trustedProxies());
    }
}
