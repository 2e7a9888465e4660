package dev.sessions.contract.problem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The error answers of both services' OpenAPI documents, written once (mp.openapi.filter): resources declare which
 * errors an operation has and what each means; this filter adds what every operation of a kind has, and gives every
 * 4xx/5xx answer the one problem schema ({@code Problem}, RFC 9457, {@value ProblemVocabulary#MEDIA_TYPE}) and an
 * example whose detail is the answer's description, unless the resource wrote its own.
 *
 * <ul>
 *   <li>an operation with a security requirement: 401 (no valid credentials or an ended session) and 503 (the session
 *       state or a store it needs cannot be reached);
 *   <li>an operation with a request body: 400 (malformed), 413 (over 64 KiB) and 415 (not JSON);
 *   <li>a 429: its {@code Retry-After} header;
 *   <li>an operation without a security requirement says so ({@code security: []}), so that every operation states
 *       how it is called.
 * </ul>
 */
public class ProblemResponses implements OASFilter {

    public static final String SCHEMA = "Problem";
    private static final String SCHEMA_REF = "#/components/schemas/" + SCHEMA;
    /** What quarkus-resteasy-problem puts on error answers; replaced by {@link #SCHEMA}, the one problem schema. */
    private static final List<String> REPLACED = List.of("HttpProblem", "HttpValidationProblem");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        if (components.getSchemas() == null || !components.getSchemas().containsKey(SCHEMA)) {
            components.addSchema(SCHEMA, problemSchema());
        }
        REPLACED.forEach(components::removeSchema);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            path.getOperations().values().forEach(ProblemResponses::complete);
        }
    }

    private static void complete(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        if (operation.getSecurity() == null) {
            operation.setSecurity(new ArrayList<>());
        }
        if (!operation.getSecurity().isEmpty()) {
            addIfMissing(responses, "401", "No valid credentials, or the session of the access token has ended");
            addIfMissing(
                    responses,
                    "503",
                    "The session state, or a store this answer needs, cannot be reached right now; try again shortly");
        }
        if (operation.getRequestBody() != null) {
            addIfMissing(responses, "400", "The body is not well-formed JSON of the expected shape");
            addIfMissing(responses, "413", "The body is larger than 64 KiB");
            addIfMissing(responses, "415", "The body is not application/json");
        }
        if (responses.getAPIResponses() == null) {
            return;
        }
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                problemContent(code, response);
            }
            if ("429".equals(code)
                    && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
                response.addHeader(
                        "Retry-After",
                        OASFactory.createHeader()
                                .description("Seconds to wait before trying again")
                                .schema(OASFactory.createSchema()
                                        .addType(Schema.SchemaType.INTEGER)
                                        .minimum(BigDecimal.ONE)));
            }
            if (response.getHeaders() != null) {
                response.getHeaders().values().forEach(ProblemResponses::typed);
            }
        });
    }

    private static void addIfMissing(APIResponses responses, String code, String description) {
        if (responses.getAPIResponse(code) == null) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    private static void problemContent(String code, APIResponse response) {
        if (response.getContent() == null) {
            response.setContent(OASFactory.createContent());
        }
        Content content = response.getContent();
        MediaType problem = content.getMediaType(ProblemVocabulary.MEDIA_TYPE);
        if (problem == null) {
            problem = OASFactory.createMediaType();
            content.addMediaType(ProblemVocabulary.MEDIA_TYPE, problem);
        }
        Schema schema = problem.getSchema();
        if (schema == null || (schema.getRef() != null && REPLACED.stream().anyMatch(schema.getRef()::endsWith))) {
            problem.setSchema(OASFactory.createSchema().ref(SCHEMA_REF));
        }
        if (problem.getExample() == null
                && (problem.getExamples() == null || problem.getExamples().isEmpty())) {
            int status = Integer.parseInt(code);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", ProblemVocabulary.ABOUT_BLANK.toString());
            body.put("title", ProblemVocabulary.title(status));
            body.put("status", status);
            // a 413 is answered before any resource runs, always with the same body
            body.put(
                    "detail",
                    status == 413 ? ProblemVocabulary.BODY_TOO_LARGE_DETAIL : detail(response.getDescription()));
            problem.addExample("problem", OASFactory.createExample().value(body));
        }
    }

    /** A description as a problem's detail: a sentence. */
    private static String detail(String description) {
        String text = description == null || description.isBlank() ? "See the status." : description.strip();
        return text.endsWith(".") ? text : text + ".";
    }

    /** A header documented without a type is a string (headers are text). */
    private static void typed(Header header) {
        if (header.getSchema() == null && header.getContent() == null && header.getRef() == null) {
            header.setSchema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        }
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details; media type " + ProblemVocabulary.MEDIA_TYPE)
                .addProperty(
                        "type",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("Problem type; about:blank, the status says it all")
                                .example(ProblemVocabulary.ABOUT_BLANK.toString()))
                .addProperty(
                        "title",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("Short summary of the status")
                                .example("Unauthorized"))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32")
                                .description("HTTP status")
                                .example(401))
                .addProperty(
                        "detail",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("What went wrong, for people")
                                .example("A valid access token of a live session is required."))
                .addProperty(
                        "instance",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("The path that answered"))
                .addProperty(
                        ProblemVocabulary.REASON,
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("On a 401 for a token whose session has ended: why it ended (an end "
                                        + "reason, or SIGNED_OUT)")
                                .example("ADMIN_LOGOUT"))
                .required(List.of("type", "title", "status"));
    }
}
