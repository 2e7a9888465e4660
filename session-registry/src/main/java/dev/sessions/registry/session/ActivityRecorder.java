package dev.sessions.registry.session;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jboss.logging.Logger;

import dev.sessions.registry.config.RegistryConfig;

/**
 * Records last activity seen by the check: at most once per {@code registry.activity.interval} per session and
 * instance, written in the background so that the answer never waits for Redis.
 */
@ApplicationScoped
public class ActivityRecorder {

    private static final Logger LOG = Logger.getLogger(ActivityRecorder.class);

    private final SessionStore store;
    private final Cache<String, Long> recentlyWritten;
    private final Clock clock;

    ActivityRecorder(SessionStore store, RegistryConfig config, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.recentlyWritten = Caffeine.newBuilder()
                .expireAfterWrite(config.activity().interval())
                .maximumSize(1_000_000)
                .build();
    }

    /** Notes a request of the session. */
    public void seen(String userId, String sessionId) {
        long now = clock.millis();
        if (recentlyWritten.asMap().putIfAbsent(sessionId, now) != null) {
            return;
        }
        store.touch(userId, sessionId, now).subscribe().with(ignored -> {}, failure -> {
            recentlyWritten.invalidate(sessionId);
            LOG.debugf("Last activity of a session not recorded: %s", failure.getMessage());
        });
    }
}
