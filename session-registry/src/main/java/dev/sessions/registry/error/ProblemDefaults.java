package dev.sessions.registry.error;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;

import dev.sessions.contract.problem.ProblemVocabulary;

/**
 * Gives every problem body the contract's shape ({@code type}, {@code title}, {@code status}, {@code detail}) and keeps
 * internal names out of it: parser messages and unexpected failures get a plain sentence instead.
 */
@ApplicationScoped
public class ProblemDefaults implements ProblemPostProcessor {

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        HttpProblem.Builder builder = HttpProblem.builder(problem);
        if (problem.getType() == null) {
            builder.withType(ProblemVocabulary.ABOUT_BLANK);
        }
        builder.withTitle(ProblemVocabulary.title(problem.getStatusCode()));
        if (context.cause instanceof JsonProcessingException) {
            builder.withDetail("The request body is malformed or has a value of the wrong kind.");
        } else if (problem.getStatusCode() >= 500 && !(context.cause instanceof HttpProblem)) {
            builder.withDetail("The request could not be completed.");
        } else if (problem.getDetail() == null) {
            builder.withDetail(ProblemVocabulary.title(problem.getStatusCode()));
        }
        return builder.build();
    }

    @Override
    public int priority() {
        return 0;
    }
}
