package dev.sessions.contract.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./stack reset} deletes the services' own keys by the glob patterns in {@code launcher/redis.bash}, which
 * cannot import Java: every key the contract builds must match one of them, and every pattern must match a key.
 */
class LauncherKeyPatternsTest {

    private static final Path LAUNCHER_REDIS = Path.of("../launcher/redis.bash");
    private static final Pattern ARRAY = Pattern.compile("(?m)^REDIS_KEY_PATTERNS=\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    @Test
    void resetDeletesEveryKeyTheContractBuildsAndNothingElse() throws IOException {
        List<Pattern> globs = globs();
        assertThat(globs).isNotEmpty();
        for (String prefix : RedisKeys.PREFIXES) {
            assertThat(globs)
                    .as("a reset pattern for keys beginning %s", prefix)
                    .anyMatch(glob -> glob.matcher(prefix).matches()
                            || glob.matcher(prefix + "x").matches());
        }
        for (Pattern glob : globs) {
            assertThat(RedisKeys.PREFIXES)
                    .as("a contract key matched by %s", glob)
                    .anyMatch(prefix -> glob.matcher(prefix).matches()
                            || glob.matcher(prefix + "x").matches());
        }
    }

    private static List<Pattern> globs() throws IOException {
        Matcher array = ARRAY.matcher(Files.readString(LAUNCHER_REDIS));
        assertThat(array.find()).as("REDIS_KEY_PATTERNS in %s", LAUNCHER_REDIS).isTrue();
        List<Pattern> globs = new ArrayList<>();
        Matcher quoted = QUOTED.matcher(array.group(1));
        while (quoted.find()) {
            globs.add(Pattern.compile(Pattern.quote(quoted.group(1)).replace("*", "\\E.*\\Q")));
        }
        return globs;
    }
}
