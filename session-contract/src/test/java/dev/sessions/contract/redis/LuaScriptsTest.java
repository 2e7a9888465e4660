package dev.sessions.contract.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.sessions.contract.history.ActorType;
import dev.sessions.contract.history.EndReason;
import dev.sessions.contract.history.EventType;
import dev.sessions.contract.history.OutboxEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lua cannot import Java constants: this reads every script of both services and checks what they spell against the
 * contract, so that a key spelled in Lua (rather than passed in KEYS), a missing shebang, or an event type, reason or
 * actor spelled only in Lua fails the build.
 */
class LuaScriptsTest {

    /**
     * Where the services keep their scripts, and this module the libraries both run (ADR 19), from this module's
     * directory (surefire runs in it).
     */
    private static final List<Path> FOLDERS = List.of(
            Path.of("../auth-service/src/main/resources", LuaScript.FOLDER),
            Path.of("../session-registry/src/main/resources", LuaScript.FOLDER),
            Path.of("src/main/resources", LuaScript.FOLDER));

    /** Redis's own words the scripts pass as options (commands are recognised as redis.call's first argument). */
    private static final Set<String> REDIS_WORDS = Set.of(
            "REV",
            "BYSCORE",
            "WITHSCORES",
            "XX",
            "NX",
            "GT",
            "LT",
            "PX",
            "EX",
            "LIMIT",
            "MAXLEN",
            "MINID",
            "COUNT",
            "GROUPS",
            "CREATE",
            "MKSTREAM");

    /** What auth-service's refresh script answers its own Java caller (RefreshTokenStore); not shared with the registry. */
    private static final Set<String> SCRIPT_REPLIES = Set.of("GONE", "BEHIND", "UNKNOWN", "REUSE", "ROTATED", "GRACE");

    private static final Pattern STRING = Pattern.compile("'([^'\\\\]*)'|\"([^\"\\\\]*)\"");
    private static final Pattern KEY_LITERAL = Pattern.compile("[a-z][a-z_-]*:.*");
    private static final Pattern NAME_LITERAL = Pattern.compile("[A-Z][A-Z0-9_]+");
    private static final Pattern COMMAND = Pattern.compile("redis\\.call\\(\\s*'([A-Z]+)'");

    @Test
    void bothServicesKeepTheirScriptsInOneFolderNamedInSnakeCase() {
        List<Path> scripts = scripts();
        assertThat(scripts)
                .extracting(path -> path.getFileName().toString())
                .isNotEmpty()
                .allMatch(name -> name.matches("[a-z][a-z0-9_]*\\.lua"), "snake case");
        assertThat(FOLDERS)
                .allSatisfy(folder -> assertThat(Files.isDirectory(folder))
                        .as(folder.toString())
                        .isTrue());
    }

    @Test
    void noScriptSpellsAKeyTheCallerPassesThemAll() {
        // a key built inside a script is one Redis Cluster cannot route, and the prefix would not be on it
        for (Path script : scripts()) {
            for (String literal : literals(script)) {
                assertThat(KEY_LITERAL.matcher(literal).matches()
                                || RedisKeys.PREFIXES.stream().anyMatch(literal::startsWith))
                        .as("key literal '%s' in %s: keys come from KEYS", literal, script)
                        .isFalse();
            }
        }
    }

    @Test
    void everyScriptStartsWithTheShebangAndEveryLibraryWithout() {
        // with the shebang Redis refuses declared keys of several slots; flags may follow it
        for (Path script : scripts()) {
            String first = read(script).lines().findFirst().orElse("");
            if (isLibrary(script)) {
                assertThat(first).as(script.toString()).doesNotStartWith("#!");
            } else {
                assertThat(first)
                        .as(script.toString())
                        .matches(Pattern.quote(LuaScript.SHEBANG) + "( flags=[a-z-]+(,[a-z-]+)*)?");
            }
        }
    }

    @Test
    void aScriptLoadedWithLibrariesKeepsItsShebangFirst() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader registry =
                new URLClassLoader(new URL[] {FOLDERS.get(1).getParent().toUri().toURL()})) {
            thread.setContextClassLoader(registry);
            String source = LuaScript.load("end_sessions", "end_session_lib").source();
            assertThat(source).startsWith(LuaScript.SHEBANG + "\n");
            assertThat(source.indexOf("local function end_session")).isLessThan(source.indexOf("settle_endings(x"));
            assertThat(source.lines().filter(line -> line.startsWith("#!"))).hasSize(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void everyNameAScriptSpellsIsAnEventTypeReasonOrActorOfTheContract() {
        Set<String> contract = Stream.of(EventType.values(), EndReason.values(), ActorType.values())
                .flatMap(Stream::of)
                .map(Enum::name)
                .collect(Collectors.toSet());
        for (Path script : scripts()) {
            String source = withoutComments(read(script));
            Set<String> commands = matches(COMMAND, source);
            for (String literal : literals(script)) {
                if (!NAME_LITERAL.matcher(literal).matches()
                        || commands.contains(literal)
                        || REDIS_WORDS.contains(literal)
                        || SCRIPT_REPLIES.contains(literal)) {
                    continue;
                }
                assertThat(contract)
                        .as("'%s' in %s is not in EventType, EndReason or ActorType", literal, script)
                        .contains(literal);
            }
        }
    }

    @Test
    void theEndingScriptsRecordTheOutboxFieldsOfTheContract() {
        String library = read(FOLDERS.get(1).resolve("end_session_lib.lua"));
        List<String> fields = new ArrayList<>(List.of(OutboxEntry.IP));
        fields.addAll(OutboxEntry.DEVICE_FIELDS);
        fields.addAll(OutboxEntry.LOCATION_FIELDS);
        String expected = fields.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", "));
        assertThat(library).contains("local END_FIELDS = {" + expected + "}");
        for (String field : List.of(
                OutboxEntry.ID,
                OutboxEntry.TYPE,
                OutboxEntry.AT,
                OutboxEntry.USER_ID,
                OutboxEntry.SESSION_ID,
                OutboxEntry.ACTOR_TYPE,
                OutboxEntry.REASON,
                OutboxEntry.ACTOR_ID)) {
            assertThat(library).contains("'" + field + "'");
        }
    }

    private static boolean isLibrary(Path script) {
        return script.getFileName().toString().endsWith("_lib.lua");
    }

    private static List<Path> scripts() {
        List<Path> scripts = new ArrayList<>();
        for (Path folder : FOLDERS) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(path -> path.toString().endsWith(".lua")).sorted().forEach(scripts::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scripts;
    }

    private static List<String> literals(Path script) {
        List<String> literals = new ArrayList<>();
        Matcher m = STRING.matcher(withoutComments(read(script)));
        while (m.find()) {
            literals.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return literals;
    }

    private static Set<String> matches(Pattern pattern, String source) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(source);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The source without {@code --} comments (the scripts put no "--" inside strings). */
    private static String withoutComments(String source) {
        return source.lines()
                .map(line -> {
                    int dash = line.indexOf("--");
                    return dash < 0 ? line : line.substring(0, dash);
                })
                .collect(Collectors.joining("\n"));
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
