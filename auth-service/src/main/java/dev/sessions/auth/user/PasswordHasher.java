package dev.sessions.auth.user;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;

import dev.sessions.auth.config.AuthConfig;
import dev.sessions.auth.error.Problems;

/**
 * argon2id hashing (password4j) on a worker pool of its own, never on the event loop. Checking a password against
 * no account costs the same as against a real one: the attempt is hashed at the configured cost instead. The pool's
 * queue is bounded ({@code auth.password-hashing.max-queue}): when it is full the request answers 503 with
 * Retry-After at once, and a queued hash whose request was cancelled (its client went away) leaves the queue and is
 * never computed.
 */
@ApplicationScoped
public class PasswordHasher {

    /** Name of the worker pool; a shared Vert.x pool, so every executor of this name uses the same threads. */
    public static final String POOL = "password-hashing";

    private static final int HASH_LENGTH = 32;
    private static final int SALT_LENGTH = 16;
    private static final String QUEUE_FULL = "Too many passwords are waiting to be checked; try again shortly.";

    private final Argon2Function argon2;
    private final WorkerExecutor workers;
    private final int maxQueue;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong computed = new AtomicLong();

    PasswordHasher(AuthConfig config, Vertx vertx) {
        AuthConfig.Password cost = config.password();
        this.argon2 = Argon2Function.getInstance(
                cost.memoryKib(),
                cost.iterations(),
                cost.parallelism(),
                HASH_LENGTH,
                Argon2.ID,
                Argon2Function.ARGON2_VERSION_13);
        this.workers = vertx.createSharedWorkerExecutor(POOL, cost.hashingThreads());
        this.maxQueue = config.passwordHashing().maxQueue();
    }

    /** The argon2id hash (PHC string) of a password. */
    public Uni<String> hash(String password) {
        return queued(() -> hashNow(password));
    }

    /** Whether the password matches the hash; with no hash (unknown account) it does the same work and says no. */
    public Uni<Boolean> verify(String password, String hash) {
        if (hash == null) {
            // checking is one argon2id computation at the hash's cost, so hashing at the configured cost takes as
            // long, and needs no dummy hash made at start-up
            return queued(() -> {
                hashNow(password);
                return false;
            });
        }
        return queued(() -> check(password, hash));
    }

    /** Hashes waiting for a thread now (the auth_password_hash_queue gauge). */
    public int queued() {
        return queued.get();
    }

    /** argon2id computations started since start-up. */
    public long computed() {
        return computed.get();
    }

    private <T> Uni<T> queued(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            if (queued.incrementAndGet() > maxQueue) {
                queued.decrementAndGet();
                return Uni.createFrom().failure(Problems.unavailableRetryAfter(QUEUE_FULL, 1));
            }
            QueueSlot slot = new QueueSlot();
            return workers.executeBlocking(
                            () -> {
                                if (!slot.leave(false)) {
                                    return null;
                                }
                                computed.incrementAndGet();
                                return work.call();
                            },
                            false)
                    .onCancellation()
                    .invoke(() -> slot.leave(true));
        });
    }

    /** A hash's place in the queue, left once: when a thread takes it, or when its request is cancelled first. */
    private final class QueueSlot {

        private final AtomicBoolean left = new AtomicBoolean();
        private volatile boolean cancelled;

        /** Leaves the queue; true when the hash is to be computed (taken by a thread before any cancellation). */
        boolean leave(boolean cancel) {
            if (cancel) {
                cancelled = true;
            }
            if (left.compareAndSet(false, true)) {
                queued.decrementAndGet();
            }
            return !cancelled;
        }
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
