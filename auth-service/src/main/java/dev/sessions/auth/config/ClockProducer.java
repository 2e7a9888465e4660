package dev.sessions.auth.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The clock every time-dependent decision reads, so tests can replace it. */
public class ClockProducer {

    /** The system clock in UTC. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
