package dev.sessions.registry.revocation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Tells where denylist answers come from: the in-memory near-cache, or Redis directly while the subscription is
 * being restored. Both can serve; Redis reachability has its own check.
 */
@Readiness
@ApplicationScoped
public class DenylistHealthCheck implements HealthCheck {

    private final Denylist denylist;

    DenylistHealthCheck(Denylist denylist) {
        this.denylist = denylist;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("revocation-denylist").up()
                .withData("answers", denylist.isLive() ? "near-cache" : "redis")
                .build();
    }
}
