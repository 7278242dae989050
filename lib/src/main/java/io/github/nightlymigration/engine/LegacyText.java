package io.github.nightlymigration.engine;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text of a SQL_ASCII legacy database, read as its raw bytes. Such a database stores whatever bytes the
 * old app sent: UTF-8 mostly, and now and then Windows-1252 (a pasted "café" from an old Windows client),
 * which PostgreSQL refuses to send to a UTF-8 client. A value that is valid UTF-8 is taken as UTF-8; any
 * other value is decoded as Windows-1252 whole, its five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D)
 * kept as the C1 control characters of the same number, so nothing is lost and the bytes can be recovered.
 */
final class LegacyText {
    private static final char[] HIGH = new char[32]; // 0x80..0x9F in Windows-1252

    static {
        Charset cp1252 = Charset.forName("windows-1252");
        for (int b = 0x80; b < 0xA0; b++) {
            char c = new String(new byte[] {(byte) b}, cp1252).charAt(0);
            HIGH[b - 0x80] = c == '\uFFFD' ? (char) b : c;
        }
    }

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** The value as UTF-8, or null when its bytes are not valid UTF-8. */
    String utf8(byte[] bytes, int offset, int length) {
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String windows1252(byte[] bytes, int offset, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xFF;
            chars[i] = b >= 0x80 && b < 0xA0 ? HIGH[b - 0x80] : (char) b;
        }
        return new String(chars);
    }
}
