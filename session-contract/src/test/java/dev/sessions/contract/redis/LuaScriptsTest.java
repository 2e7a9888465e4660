package dev.sessions.contract.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * contract, so that a key prefix, event type, reason or actor spelled only in Lua fails the build.
 */
class LuaScriptsTest {

    /** Where the services keep their scripts, from this module's directory (surefire runs in it). */
    private static final List<Path> FOLDERS = List.of(
            Path.of("../auth-service/src/main/resources", LuaScript.FOLDER),
            Path.of("../session-registry/src/main/resources", LuaScript.FOLDER));

    /** Redis's own words the scripts pass as options (commands are recognised as redis.call's first argument). */
    private static final Set<String> REDIS_WORDS = Set.of(
            "REV", "BYSCORE", "WITHSCORES", "XX", "NX", "GT", "LT", "PX", "EX", "LIMIT", "MAXLEN", "MINID", "COUNT");

    /** What auth-service's refresh script answers its own Java caller (RefreshTokenStore); not shared with the registry. */
    private static final Set<String> SCRIPT_REPLIES = Set.of("GONE", "UNKNOWN", "REUSE", "ROTATED", "GRACE");

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
    void everyKeyAScriptSpellsStartsAsTheKeyBuilderBuildsIt() {
        Set<String> allowed = keyBeginnings();
        for (Path script : scripts()) {
            for (String literal : literals(script)) {
                if (KEY_LITERAL.matcher(literal).matches()) {
                    assertThat(allowed)
                            .as("key literal '%s' in %s", literal, script)
                            .contains(literal);
                }
            }
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

    /** The literal start of every key the builder makes: its constants, and each builder's text before its argument. */
    private static Set<String> keyBeginnings() {
        String arg = "\u0001\u0001";
        Set<String> beginnings = new TreeSet<>(List.of(
                RedisKeys.EXPIRY_INDEX, RedisKeys.REVOKED_INDEX, RedisKeys.OUTBOX, RedisKeys.OUTBOX_DEAD_LETTERS));
        for (String key : List.of(
                RedisKeys.session(arg, arg),
                RedisKeys.userSessions(arg),
                RedisKeys.sessionOwners(arg),
                RedisKeys.account(arg),
                RedisKeys.revoked(arg),
                RedisKeys.refreshChain(arg),
                RedisKeys.registrationsOfAddress("not an address"),
                RedisKeys.loginFailuresOfAddress("not an address"))) {
            int cut = key.indexOf(arg);
            beginnings.add(cut < 0 ? key.substring(0, key.lastIndexOf(':') + 1) : key.substring(0, cut));
        }
        return beginnings;
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
