package dev.sessions.contract.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.sessions.contract.session.SessionFlag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account console words events and reasons from one table ({@code gateway-config/console/assets/labels.js}):
 * every event type and reason of the contract has its entry there, with the reason's kind, and nothing else does.
 */
class ConsoleLabelsTest {

    private static final Path LABELS = Path.of("../gateway-config/console/assets/labels.js");
    private static final Pattern ENTRY =
            Pattern.compile("^\\s+([A-Z][A-Z_]*): \\{ label: '([^']+)'(.*)\\},$", Pattern.MULTILINE);
    private static final Pattern KIND = Pattern.compile("kind: '([A-Z]+)'");
    private static final Pattern WORDS = Pattern.compile("^\\s+([A-Z][A-Z_]*): '([^']+)',$", Pattern.MULTILINE);

    @Test
    void everyEventTypeHasALabelAndEveryLabelAnEventType() throws IOException {
        Map<String, String> events = entries("EVENTS");
        assertThat(events.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(EventType.values()).map(Enum::name).toList());
        assertThat(events.values()).allMatch(rest -> rest.contains("icon: '") && rest.contains("tone: '"));
    }

    @Test
    void everyReasonHasALabelWithItsKindAndEveryLabelAReason() throws IOException {
        Map<String, String> reasons = entries("REASONS");
        assertThat(reasons.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(EndReason.values()).map(Enum::name).toList());
        for (EndReason reason : EndReason.values()) {
            Matcher kind = KIND.matcher(reasons.get(reason.name()));
            assertThat(kind.find()).as("kind of %s", reason).isTrue();
            assertThat(kind.group(1))
                    .as("kind of %s", reason)
                    .isEqualTo(reason.kind().name());
        }
    }

    @Test
    void everyWayASessionEndsHasASentenceForTheBannerAndEveryFlagItsWords() throws IOException {
        assertThat(words("ENDED_WORDS").keySet())
                .containsExactlyInAnyOrderElementsOf(Stream.concat(
                                Arrays.stream(EndReason.values()).map(Enum::name),
                                Stream.of(EventType.SIGNED_OUT.name()))
                        .toList());
        assertThat(words("FLAGS"))
                .containsOnlyKeys(
                        Arrays.stream(SessionFlag.values()).map(Enum::name).toList())
                .containsEntry("NEW_DEVICE", "New device")
                .containsEntry("NEW_COUNTRY", "New country")
                .containsEntry("IMPOSSIBLE_TRAVEL", "Unusual travel");
    }

    /** The plain entries ({@code KEY: 'words',}) of {@code export const <name> = { ... };}. */
    private static Map<String, String> words(String table) throws IOException {
        String source = Files.readString(LABELS);
        int start = source.indexOf("export const " + table + " = {");
        assertThat(start).as("table %s in %s", table, LABELS).isNotNegative();
        Matcher m = WORDS.matcher(source.substring(start, source.indexOf("\n};", start)));
        Map<String, String> entries = new LinkedHashMap<>();
        while (m.find()) {
            entries.put(m.group(1), m.group(2));
        }
        return entries;
    }

    /** The entries of {@code export const <name> = { ... };}: name → the text after the label. */
    private static Map<String, String> entries(String table) throws IOException {
        String source = Files.readString(LABELS);
        int start = source.indexOf("export const " + table + " = {");
        assertThat(start).as("table %s in %s", table, LABELS).isNotNegative();
        String body = source.substring(start, source.indexOf("\n};", start));
        Map<String, String> entries = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(body);
        while (m.find()) {
            assertThat(entries.put(m.group(1), m.group(3)))
                    .as("%s listed twice", m.group(1))
                    .isNull();
        }
        return entries;
    }
}
