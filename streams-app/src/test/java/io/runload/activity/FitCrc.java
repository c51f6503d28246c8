package io.runload.activity;

/**
 * The FIT protocol's 16-bit CRC: the reflected polynomial 0xA001 (CRC-16/ARC), starting from zero.
 * Written bit by bit from the protocol description rather than with the SDK's nibble table, so the
 * hand-written fixtures do not lean on the SDK for the very check the SDK then verifies.
 */
final class FitCrc {

    private static final int REFLECTED_POLYNOMIAL = 0xA001;

    private FitCrc() {}

    static int of(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
        }
        return crc;
    }
}
