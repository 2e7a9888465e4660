package dev.sessions.registry.revocation;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Tells where denylist answers come from: the in-memory near-cache, or Redis directly while the subscription is
 * being restored or the lease is lapsed (ADR 7), and why. Both answer correctly, so the instance stays ready; Redis
 * reachability has its own check.
 */
@Readiness
@ApplicationScoped
public class DenylistHealthCheck implements HealthCheck {

    private final Denylist denylist;
    private final NearCache nearCache;

    DenylistHealthCheck(Denylist denylist, NearCache nearCache) {
        this.denylist = denylist;
        this.nearCache = nearCache;
    }

    @Override
    public HealthCheckResponse call() {
        long leaseLeft = TimeUnit.NANOSECONDS.toMillis(denylist.leaseUntil() - System.nanoTime());
        return HealthCheckResponse.named("revocation-denylist")
                .up()
                .withData("answers", denylist.answersFromMemory() ? "near-cache" : "redis")
                .withData("subscription", denylist.isLive() ? "live" : "down")
                .withData("lease", leaseLeft > 0 ? "held" : "lapsed " + -leaseLeft + " ms ago")
                .withData("instance", denylist.instance())
                .withData("near-cache-entries", nearCache.size())
                .build();
    }
}
