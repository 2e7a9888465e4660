package dev.sessions.registry.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** The clock every time-dependent decision reads, so tests can replace it. */
public class ClockProducer {

    /** The system clock in UTC. */
    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
