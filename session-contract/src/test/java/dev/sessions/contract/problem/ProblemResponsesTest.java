package dev.sessions.contract.problem;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The standard error answers of an OpenAPI document, written once for both services. */
class ProblemResponsesTest {

    private static OpenAPI filtered(Operation secured, Operation open) {
        OpenAPI api = OASFactory.createOpenAPI()
                .paths(OASFactory.createPaths()
                        .addPathItem("/secured", OASFactory.createPathItem().POST(secured))
                        .addPathItem("/open", OASFactory.createPathItem().GET(open)));
        new ProblemResponses().filterOpenAPI(api);
        return api;
    }

    private static Operation securedWithBody() {
        return OASFactory.createOperation()
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer"))
                .requestBody(OASFactory.createRequestBody())
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("204", OASFactory.createAPIResponse().description("Done"))
                        .addAPIResponse("404", OASFactory.createAPIResponse().description("No such session"))
                        .addAPIResponse("429", OASFactory.createAPIResponse().description("Too many")));
    }

    @Test
    void aSecuredOperationWithABodyGetsTheStandardErrors() {
        Operation secured = securedWithBody();
        filtered(secured, OASFactory.createOperation());

        assertThat(secured.getResponses().getAPIResponses())
                .containsOnlyKeys("204", "400", "401", "404", "413", "415", "429", "503");
        assertThat(secured.getResponses().getAPIResponse("429").getHeaders()).containsKey("Retry-After");
    }

    @Test
    void everyErrorIsAProblemWithAnExampleSayingItsDescription() {
        Operation secured = securedWithBody();
        OpenAPI api = filtered(secured, OASFactory.createOperation());

        assertThat(api.getComponents().getSchemas()).containsKey(ProblemResponses.SCHEMA);
        secured.getResponses().getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("2")) {
                assertThat(response.getContent()).isNull();
                return;
            }
            MediaType problem = response.getContent().getMediaType(ProblemVocabulary.MEDIA_TYPE);
            assertThat(problem.getSchema().getRef()).isEqualTo("#/components/schemas/Problem");
            assertThat(problem.getExamples()).containsKey("problem");
        });
        assertThat(example(secured.getResponses().getAPIResponse("404")))
                .containsEntry("type", "about:blank")
                .containsEntry("title", "Not Found")
                .containsEntry("status", 404)
                .containsEntry("detail", "No such session.");
        assertThat(example(secured.getResponses().getAPIResponse("413")))
                .containsEntry("detail", ProblemVocabulary.BODY_TOO_LARGE_DETAIL);
    }

    @Test
    void anExampleOfTheResourcesOwnIsKept() {
        Operation secured = securedWithBody();
        secured.getResponses()
                .getAPIResponse("404")
                .content(OASFactory.createContent()
                        .addMediaType(
                                ProblemVocabulary.MEDIA_TYPE,
                                OASFactory.createMediaType()
                                        .addExample(
                                                "gone",
                                                OASFactory.createExample().value("{}"))));
        filtered(secured, OASFactory.createOperation());

        MediaType problem =
                secured.getResponses().getAPIResponse("404").getContent().getMediaType(ProblemVocabulary.MEDIA_TYPE);
        assertThat(problem.getExamples()).containsOnlyKeys("gone");
        assertThat(problem.getSchema().getRef()).endsWith("/Problem");
    }

    @Test
    void anOperationWithoutSecuritySaysItIsPublic() {
        Operation open = OASFactory.createOperation()
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("Keys")));
        filtered(securedWithBody(), open);

        assertThat(open.getSecurity()).isEqualTo(List.of());
        assertThat(open.getResponses().getAPIResponses()).containsOnlyKeys("200");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> example(APIResponse response) {
        return (Map<String, Object>) response.getContent()
                .getMediaType(ProblemVocabulary.MEDIA_TYPE)
                .getExamples()
                .get("problem")
                .getValue();
    }
}
