package dev.sessions.auth.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkiverse.resteasy.problem.ExceptionMapperBase;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;
import io.quarkus.runtime.StartupEvent;

import dev.sessions.contract.problem.ProblemVocabulary;

/**
 * Gives every problem a {@code type} and, for errors raised by the framework rather than by this service, replaces
 * the detail with a fixed sentence: framework messages can name Java types or parser internals.
 */
@ApplicationScoped
public class ProblemDefaults implements ProblemPostProcessor {

    void register(@Observes StartupEvent event) {
        ExceptionMapperBase.postProcessorsRegistry.register(this);
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        if (context.cause instanceof HttpProblem && problem.getType() != null) {
            return problem;
        }
        HttpProblem.Builder builder = HttpProblem.builder(problem)
                .withType(ProblemVocabulary.ABOUT_BLANK)
                .withTitle(ProblemVocabulary.title(problem.getStatusCode()));
        if (!(context.cause instanceof HttpProblem)) {
            builder.withDetail(detailFor(problem.getStatusCode(), context.cause));
        }
        return builder.build();
    }

    private static String detailFor(int status, Throwable cause) {
        if (cause instanceof JsonProcessingException) {
            return "The request body is not valid JSON of the expected shape.";
        }
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 401 -> "A valid credential is required.";
            case 403 -> "This is not allowed.";
            case 404 -> "There is nothing at this address.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "No acceptable representation; ask for application/json.";
            case 413 -> "The request body is larger than 64 KiB.";
            case 415 -> "Unsupported media type; send application/json.";
            default -> status >= 500 ? "The server could not complete the request." : "The request cannot be served.";
        };
    }
}
