package dev.sessions.contract.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script of either service, from {@code lua/<name>.lua} on its class path (names in snake case), run with
 * EVALSHA and sent in full with EVAL only when Redis does not know it (yet, or any more).
 */
public final class LuaScript {

    /** The class-path folder of every service's scripts. */
    public static final String FOLDER = "lua";
    /**
     * How every script begins: with it, Redis refuses a script whose declared keys are not in one hash slot, and
     * flags (such as {@code no-writes}) follow it on the same line.
     */
    public static final String SHEBANG = "#!lua";

    private final String source;
    private final String sha;

    private LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads {@code lua/<name>.lua}, after the libraries it uses ({@code lua/<library>.lua}, prepended in order); the
     * script's shebang line ({@code #!lua ...}, which Redis reads only as the first line) stays first.
     */
    public static LuaScript load(String name, String... libraries) {
        String script = read(name);
        StringBuilder source = new StringBuilder();
        if (script.startsWith(SHEBANG)) {
            int end = script.indexOf('\n');
            source.append(script, 0, end + 1);
            script = script.substring(end + 1);
        }
        for (String library : libraries) {
            source.append(read(library)).append('\n');
        }
        return new LuaScript(source.append(script).toString());
    }

    /** The source as sent to Redis. */
    public String source() {
        return source;
    }

    private static String read(String name) {
        String path = FOLDER + "/" + name + ".lua";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script atomically with these keys and arguments; the answer is {@code null} when it returned nil. On a
     * Redis Cluster a slot that moved ({@code MOVED}) or is moving ({@code TRYAGAIN}) gets one more try, by which time
     * the client has followed the slot; a script never ran when Redis answers either, so the retry cannot run it twice.
     */
    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return once(redis, keys, args).onFailure(LuaScript::isSlotMoving).recoverWithUni(() -> once(redis, keys, args));
    }

    /**
     * Runs the script as {@link #run} does, then waits until {@code replicas} replicas of the master that ran it have
     * its writes ({@code WAIT}, on the same connection: the script and the wait go as one batch to the node of its
     * slot). Replication is asynchronous, so without this a failover right after the answer can lose what was
     * answered. Fails with {@link NotReplicatedException} when fewer replicas confirmed within {@code timeout}; with
     * {@code replicas} 0 it is {@link #run}.
     */
    public Uni<Response> runReplicated(
            ReactiveRedisDataSource redis, List<String> keys, List<String> args, int replicas, Duration timeout) {
        if (replicas <= 0) {
            return run(redis, keys, args);
        }
        return replicated(redis, keys, args, replicas, timeout)
                .onFailure(LuaScript::isSlotMoving)
                .recoverWithUni(() -> replicated(redis, keys, args, replicas, timeout));
    }

    private Uni<Response> replicated(
            ReactiveRedisDataSource redis, List<String> keys, List<String> args, int replicas, Duration timeout) {
        return batch(redis, Command.EVALSHA, sha, keys, args, replicas, timeout)
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> batch(redis, Command.EVAL, source, keys, args, replicas, timeout))
                .map(replies -> {
                    Response confirmed = replies.get(1);
                    if (confirmed == null || confirmed.toInteger() < replicas) {
                        throw new NotReplicatedException(replicas, confirmed == null ? 0 : confirmed.toInteger());
                    }
                    return replies.get(0);
                });
    }

    private static Uni<List<Response>> batch(
            ReactiveRedisDataSource redis,
            Command command,
            String script,
            List<String> keys,
            List<String> args,
            int replicas,
            Duration timeout) {
        Request run = Request.cmd(command);
        for (String arg : command(script, keys, args)) {
            run.arg(arg);
        }
        Request wait = Request.cmd(Command.WAIT).arg(replicas).arg(Math.max(1, timeout.toMillis()));
        return redis.getRedis().batch(List.of(run, wait));
    }

    private Uni<Response> once(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.execute(Command.EVALSHA, command(sha, keys, args))
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> redis.execute(Command.EVAL, command(source, keys, args)));
    }

    /** Whether Redis refused a command because its slot moved or is being moved (the command did not run). */
    static boolean isSlotMoving(Throwable failure) {
        return isError(failure, "MOVED") || isError(failure, "TRYAGAIN");
    }

    /**
     * Whether a failure is Redis' error {@code code}: as the reply of one command ({@code NOSCRIPT ...}) or of a command
     * in a batch, which the client reports with the command's index ({@code ERR [0] NOSCRIPT ...}).
     */
    private static boolean isError(Throwable failure, String code) {
        String message = failure.getMessage();
        return message != null && (message.startsWith(code) || message.contains("] " + code));
    }

    private static String[] command(String script, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(script);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    private static boolean isNoScript(Throwable failure) {
        return isError(failure, "NOSCRIPT");
    }
}
