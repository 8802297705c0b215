package dev.jgan.nn.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The dictionary at the start of a {@code .npy} file, a Python literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}: parsed strictly
 * (exactly these three keys, each once) and written in NumPy's own layout.
 *
 * @param descr the NumPy type string, e.g. {@code <f4} or {@code |u1}
 * @param fortranOrder whether the data is column-major
 * @param shape the array shape; empty for a 0-d array
 */
public record NpyHeader(String descr, boolean fortranOrder, int[] shape) {
    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.descr.equals(descr) && h.fortranOrder == fortranOrder
                && java.util.Arrays.equals(h.shape, shape);
    }

    @Override
    public int hashCode() {
        return descr.hashCode() * 31 + java.util.Arrays.hashCode(shape) + (fortranOrder ? 1 : 0);
    }

    @Override
    public String toString() {
        return toLiteral();
    }

    /** The literal as NumPy writes it, without padding or the final newline. */
    public String toLiteral() {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append("), }").toString();
    }

    /** Parses the header text (padding spaces and the final newline included). */
    public static NpyHeader parse(String text) {
        return new Parser(text).header();
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        NpyHeader header() {
            String descr = null;
            Boolean fortran = null;
            int[] shape = null;
            skipSpaces();
            expect('{');
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String key = string();
                skipSpaces();
                expect(':');
                skipSpaces();
                switch (key) {
                    case "descr" -> {
                        requireAbsent(descr, key);
                        descr = string();
                    }
                    case "fortran_order" -> {
                        requireAbsent(fortran, key);
                        fortran = bool();
                    }
                    case "shape" -> {
                        requireAbsent(shape, key);
                        shape = tuple();
                    }
                    default -> throw error("unexpected key '" + key + "'");
                }
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            skipSpaces();
            if (pos != text.length()) {
                throw error("unexpected content after the dictionary");
            }
            if (descr == null || fortran == null || shape == null) {
                throw error("missing key: need 'descr', 'fortran_order' and 'shape'");
            }
            return new NpyHeader(descr, fortran, shape);
        }

        private void requireAbsent(Object value, String key) {
            if (value != null) {
                throw error("duplicate key '" + key + "'");
            }
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            if (s.indexOf('\\') >= 0) {
                throw error("escapes are not supported in header strings");
            }
            pos = end + 1;
            return s;
        }

        private boolean bool() {
            if (text.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("expected True or False");
        }

        private int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            boolean trailingComma = false;
            while (true) {
                skipSpaces();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                dims.add(dimension());
                skipSpaces();
                trailingComma = peek() == ',';
                if (trailingComma) {
                    pos++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in shape");
                }
            }
            if (dims.size() == 1 && !trailingComma) {
                throw error("a one-element shape must be written (n,)");
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private int dimension() {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start) {
                throw error("expected a non-negative integer in shape");
            }
            String digits = text.substring(start, pos);
            if (peek() == 'L') {
                pos++;
            }
            long value = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
            if (value > Integer.MAX_VALUE) {
                throw error("dimension " + digits + " is too large");
            }
            return (int) value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpaces() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\n')) {
                pos++;
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("invalid .npy header at character " + pos + ": " + message
                    + " in " + text.strip());
        }
    }
}
