package dev.sessions.auth.error;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A body that is not JSON, or JSON of the wrong shape, is a 400 problem whose detail names no Java type; this takes
 * precedence over Quarkus' own mapper, which answers plain JSON naming the target class.
 */
public class JsonBodyProblems {

    private static final String DETAIL = "The request body is not valid JSON of the expected shape.";

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    Response mismatchedInput(MismatchedInputException e) {
        return Problems.badRequest(DETAIL).toResponse();
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    Response malformedJson(JsonProcessingException e) {
        return Problems.badRequest(DETAIL).toResponse();
    }
}
