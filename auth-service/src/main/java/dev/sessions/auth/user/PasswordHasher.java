package dev.sessions.auth.user;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

import dev.sessions.auth.config.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;

/**
 * argon2id hashing (password4j) on a worker pool of its own, never on the event loop. Checking a password against
 * no account costs the same as against a real one: the attempt is hashed at the configured cost instead.
 */
@Singleton
public class PasswordHasher {

    private static final int HASH_LENGTH = 32;
    private static final int SALT_LENGTH = 16;

    private final Argon2Function argon2;
    private final WorkerExecutor workers;

    PasswordHasher(AuthConfig config, Vertx vertx) {
        AuthConfig.Password cost = config.password();
        this.argon2 = Argon2Function.getInstance(cost.memoryKib(), cost.iterations(), cost.parallelism(), HASH_LENGTH,
                Argon2.ID, Argon2Function.ARGON2_VERSION_13);
        this.workers = vertx.createSharedWorkerExecutor("password-hashing", cost.hashingThreads());
    }

    /** The argon2id hash (PHC string) of a password. */
    public Uni<String> hash(String password) {
        return workers.executeBlocking(() -> hashNow(password), false);
    }

    /** Whether the password matches the hash; with no hash (unknown account) it does the same work and says no. */
    public Uni<Boolean> verify(String password, String hash) {
        if (hash == null) {
            // checking is one argon2id computation at the hash's cost, so hashing at the configured cost takes as
            // long, and needs no dummy hash made at start-up
            return workers.executeBlocking(() -> {
                hashNow(password);
                return false;
            }, false);
        }
        return workers.executeBlocking(() -> check(password, hash), false);
    }

    private String hashNow(String password) {
        return Password.hash(password).addRandomSalt(SALT_LENGTH).with(argon2).getResult();
    }

    private static boolean check(String password, String hash) {
        // the cost parameters are read from the hash itself, so hashes made with older settings keep verifying
        return Argon2Function.getInstanceFromHash(hash).check(password, hash);
    }

    @PreDestroy
    void close() {
        workers.closeAndForget();
    }
}
