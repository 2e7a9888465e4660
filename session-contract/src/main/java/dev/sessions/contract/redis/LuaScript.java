package dev.sessions.contract.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
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

    private Uni<Response> once(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.execute(Command.EVALSHA, command(sha, keys, args))
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> redis.execute(Command.EVAL, command(source, keys, args)));
    }

    /** Whether Redis refused a command because its slot moved or is being moved (the command did not run). */
    static boolean isSlotMoving(Throwable failure) {
        String message = failure.getMessage();
        return message != null && (message.startsWith("MOVED") || message.startsWith("TRYAGAIN"));
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
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }
}
