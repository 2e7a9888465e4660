package dev.sessions.contract.problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One title per status for both services and the gateway. */
class ProblemVocabularyTest {

    @Test
    void theOversizedBodyAnswerIsTheVocabularysOwn() {
        assertThat(ProblemVocabulary.BODY_TOO_LARGE)
                .isEqualTo(ProblemVocabulary.body(413, "The request body is larger than 64 KiB."))
                .isEqualTo(ProblemVocabulary.body(413, ProblemVocabulary.BODY_TOO_LARGE_DETAIL));
        assertThat(ProblemVocabulary.title(413)).isEqualTo("Content Too Large");
    }

    @Test
    void theGatewayTitlesItsOwnAnswersTheSameWay() throws IOException {
        String gateway = Files.readString(Path.of("../gateway-config/templates/gateway.conf.template"));
        for (int status : new int[] {401, 404, 413, 502, 503}) {
            String needle = "\"status\":" + status;
            if (gateway.contains(needle)) {
                assertThat(gateway)
                        .as("title of %d", status)
                        .contains("\"title\":\"" + ProblemVocabulary.title(status) + "\",\"status\":" + status);
            }
        }
    }

    @Test
    void detailsAreEscaped() {
        assertThat(ProblemVocabulary.body(400, "a \"b\" \\ c"))
                .isEqualTo(
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"a \\\"b\\\" \\\\ c\"}");
        assertThat(ProblemVocabulary.title(412)).isEqualTo("Precondition Failed");
    }
}
