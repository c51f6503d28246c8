package io.runload.state;

import java.nio.charset.StandardCharsets;

/** Reader matching {@link CompactBytesOut}; any overrun or malformed varint is a corrupt store value. */
public final class CompactBytesIn {

    private final byte[] buffer;
    private final int limit;
    private int position;

    public CompactBytesIn(byte[] buffer) {
        this(buffer, 0, buffer.length);
    }

    /** Reads {@code length} bytes of {@code buffer} from {@code offset}, without copying them. */
    CompactBytesIn(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw corrupt("slice " + offset + "+" + length + " outside " + buffer.length + " bytes");
        }
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
    }

    public int readByte() {
        if (position >= limit) {
            throw corrupt("unexpected end of data");
        }
        return buffer[position++] & 0xFF;
    }

    public long readUnsigned() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw corrupt("varint too long");
    }

    public int readUnsignedInt() {
        long value = readUnsigned();
        // A varint of 2^63 or more reads as negative.
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw corrupt("value out of int range: " + value);
        }
        return (int) value;
    }

    public long readSigned() {
        long zigzag = readUnsigned();
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    public String readString() {
        int length = readUnsignedInt();
        requireAvailable(length);
        String value = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    int position() {
        return position;
    }

    byte[] buffer() {
        return buffer;
    }

    void skip(int length) {
        requireAvailable(length);
        position += length;
    }

    public boolean atEnd() {
        return position == limit;
    }

    int readFixedInt() {
        requireAvailable(4);
        int value = ((buffer[position] & 0xFF) << 24)
                | ((buffer[position + 1] & 0xFF) << 16)
                | ((buffer[position + 2] & 0xFF) << 8)
                | (buffer[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    void requireAvailable(int length) {
        if (length < 0 || position + length > limit) {
            throw corrupt("length " + length + " exceeds remaining " + (limit - position));
        }
    }

    public static IllegalArgumentException corrupt(String reason) {
        return new IllegalArgumentException("corrupt state bytes: " + reason);
    }
}
