package io.runload.state;

/**
 * Run ids that end in a canonical UUID (lower-case, 8-4-4-4-12 hex digits), as the importer's
 * {@code import-<uuid>} do: the ledger stores the tail as its 16 bytes instead of 36 characters.
 * Only the canonical spelling qualifies, so the id decodes to exactly the same string.
 */
final class RunIdUuidTail {

    static final int LENGTH = 36;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RunIdUuidTail() {}

    static boolean endsWithUuid(String runId) {
        int from = runId.length() - LENGTH;
        if (from < 0) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = runId.charAt(from + i);
            boolean ok = isDash(i) ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String head(String runId) {
        return runId.substring(0, runId.length() - LENGTH);
    }

    static void write(CompactBytesOut out, String runId) {
        int from = runId.length() - LENGTH;
        int pending = -1;
        for (int i = 0; i < LENGTH; i++) {
            if (isDash(i)) {
                continue;
            }
            int digit = Character.digit(runId.charAt(from + i), 16);
            if (pending < 0) {
                pending = digit;
            } else {
                out.writeByte(pending << 4 | digit);
                pending = -1;
            }
        }
    }

    static String read(CompactBytesIn in) {
        StringBuilder tail = new StringBuilder(LENGTH);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                tail.append('-');
            }
            int b = in.readByte();
            tail.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        return tail.toString();
    }

    private static boolean isDash(int i) {
        return i == 8 || i == 13 || i == 18 || i == 23;
    }
}
