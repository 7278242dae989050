package io.github.nightlymigration.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The event's JSON strings, written by hand, read back by a JSON library as the same text: any character. */
class EventJsonTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyCharacterSurvivesTheRoundTrip() {
        Random random = new Random(7);
        String specials = "\"\\/\n\r\t\b\f\u0000\u0001\u001f\u007f\u2028é€😀";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.append(random.nextBoolean() ? (char) random.nextInt(0x80) : specials.charAt(random.nextInt(specials.length())));
            }
            String value = s.toString();
            String json = EventJson.quoted(new StringBuilder(), value).toString();
            assertEquals(value, JSON.readValue(json, String.class), json);
        }
    }
}
