package dev.sessions.registry.session;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;

import dev.sessions.contract.session.SessionFlag;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;

/**
 * Writes a {@link SessionResponse} field by field, in the order and with the nulls that Jackson's own serializer of the
 * record writes (a test compares the two), without its reflective accessor calls: an admin page writes 100 sessions of
 * 19 values each, and those calls were a twelfth of its profile (docs/benchmarks.md, section 11).
 */
@Singleton
public class SessionResponseJson implements ObjectMapperCustomizer {

    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString CURRENT = new SerializedString("current");
    private static final SerializedString DEVICE = new SerializedString("device");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString OS = new SerializedString("os");
    private static final SerializedString OS_VERSION = new SerializedString("osVersion");
    private static final SerializedString BROWSER = new SerializedString("browser");
    private static final SerializedString BROWSER_VERSION = new SerializedString("browserVersion");
    private static final SerializedString IP_ADDRESS = new SerializedString("ipAddress");
    private static final SerializedString LOCATION = new SerializedString("location");
    private static final SerializedString CITY = new SerializedString("city");
    private static final SerializedString COUNTRY = new SerializedString("country");
    private static final SerializedString COUNTRY_CODE = new SerializedString("countryCode");
    private static final SerializedString CREATED_AT = new SerializedString("createdAt");
    private static final SerializedString LAST_ACTIVITY_AT = new SerializedString("lastActivityAt");
    private static final SerializedString EXPIRES_AT = new SerializedString("expiresAt");
    private static final SerializedString REMEMBER_ME = new SerializedString("rememberMe");
    private static final SerializedString MFA = new SerializedString("mfa");
    private static final SerializedString FLAGS = new SerializedString("flags");

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(
                new SimpleModule("session-response-json").addSerializer(SessionResponse.class, new Writer()));
    }

    /** The serializer; instants go through whatever serializer the mapper has for them. */
    static final class Writer extends StdSerializer<SessionResponse> {

        Writer() {
            super(SessionResponse.class);
        }

        @Override
        public void serialize(SessionResponse session, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            out.writeStartObject(session);
            out.writeFieldName(ID);
            out.writeString(session.id());
            out.writeFieldName(CURRENT);
            out.writeBoolean(session.current());
            out.writeFieldName(DEVICE);
            device(session.device(), out);
            out.writeFieldName(IP_ADDRESS);
            string(session.ipAddress(), out);
            out.writeFieldName(LOCATION);
            location(session.location(), out);
            out.writeFieldName(CREATED_AT);
            provider.defaultSerializeValue(session.createdAt(), out);
            out.writeFieldName(LAST_ACTIVITY_AT);
            provider.defaultSerializeValue(session.lastActivityAt(), out);
            out.writeFieldName(EXPIRES_AT);
            provider.defaultSerializeValue(session.expiresAt(), out);
            out.writeFieldName(REMEMBER_ME);
            out.writeBoolean(session.rememberMe());
            out.writeFieldName(MFA);
            out.writeBoolean(session.mfa());
            out.writeFieldName(FLAGS);
            if (session.flags() == null) {
                out.writeNull();
            } else {
                out.writeStartArray();
                for (SessionFlag flag : session.flags()) {
                    out.writeString(flag.name());
                }
                out.writeEndArray();
            }
            out.writeEndObject();
        }

        private static void device(Device device, JsonGenerator out) throws IOException {
            if (device == null) {
                out.writeNull();
                return;
            }
            out.writeStartObject();
            out.writeFieldName(TYPE);
            string(device.type(), out);
            out.writeFieldName(OS);
            string(device.os(), out);
            out.writeFieldName(OS_VERSION);
            string(device.osVersion(), out);
            out.writeFieldName(BROWSER);
            string(device.browser(), out);
            out.writeFieldName(BROWSER_VERSION);
            string(device.browserVersion(), out);
            out.writeEndObject();
        }

        private static void location(Location location, JsonGenerator out) throws IOException {
            if (location == null) {
                out.writeNull();
                return;
            }
            out.writeStartObject();
            out.writeFieldName(CITY);
            string(location.city(), out);
            out.writeFieldName(COUNTRY);
            string(location.country(), out);
            out.writeFieldName(COUNTRY_CODE);
            string(location.countryCode(), out);
            out.writeEndObject();
        }

        private static void string(String value, JsonGenerator out) throws IOException {
            if (value == null) {
                out.writeNull();
            } else {
                out.writeString(value);
            }
        }
    }
}
