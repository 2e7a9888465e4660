package dev.sessions.registry.error;

import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of Redis's server errors are outages of a moment (503) and which are faults here (500). */
class RedisProblemsTest {

    private final RedisProblems problems = new RedisProblems();

    @Test
    void aListRefusedWhileItsSlotIsBeingMovedIsAnOutage() {
        // what Redis 7.0.15 answered a list script whose session key had moved to the importing node (ADR 18)
        ErrorType refused = ErrorType.create("ERR Script attempted to access a non local key in a cluster node script:"
                + " 0c8fd3bbd4b6a1e6f1a1ae9b8f4a2f1b6c3d2e1f, on @user_script:31.");
        assertThat(problems.redisError(refused).getStatus()).isEqualTo(503);
    }

    @Test
    void outagesOfTheClusterAreServiceUnavailableAndOtherErrorsAreFaults() {
        assertThat(problems.redisError(ErrorType.create("TRYAGAIN Multiple keys request during rehashing of slot"))
                        .getStatus())
                .isEqualTo(503);
        assertThat(problems.redisError(ErrorType.create("ERR [1] NOREPLICAS Not enough good replicas to write."))
                        .getStatus())
                .isEqualTo(503);
        assertThat(problems.redisError(ErrorType.create("ERR Script attempted to access keys that do not hash to the"
                                + " same slot script: abc, on @user_script:31."))
                        .getStatus())
                .isEqualTo(500);
    }
}
