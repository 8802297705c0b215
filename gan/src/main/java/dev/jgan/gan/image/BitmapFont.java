package dev.jgan.gan.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Printable ASCII as antialiased bitmaps (coverage 0-9 per pixel), read from a text resource,
 * so that charts carry their labels without a font renderer. Characters outside the set are
 * drawn as '?'.
 */
public final class BitmapFont {
    private static final char FIRST = 32;
    private static final char LAST = 126;
    private static final BitmapFont SANS_12 = load("sans-12.txt");

    private final int height;
    private final int baseline;
    private final int[] advances = new int[LAST - FIRST + 1];
    private final int[] widths = new int[LAST - FIRST + 1];
    private final byte[][] coverage = new byte[LAST - FIRST + 1][];

    private BitmapFont(int height, int baseline) {
        this.height = height;
        this.baseline = baseline;
    }

    /** DejaVu Sans at 12 pixels. */
    public static BitmapFont sans12() {
        return SANS_12;
    }

    /** Rows from the top of a line to its baseline. */
    public int baseline() {
        return baseline;
    }

    /** Width in pixels of {@code text} set in one line. */
    public int width(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); i++) {
            width += advances[slot(text.charAt(i))];
        }
        return width;
    }

    /** Draws {@code text} with the left end of its baseline at (x, baselineY). */
    public void draw(Picture picture, String text, int x, int baselineY, int rgb) {
        int top = baselineY - baseline;
        for (int i = 0; i < text.length(); i++) {
            int glyph = slot(text.charAt(i));
            int w = widths[glyph];
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < w; col++) {
                    picture.blend(x + col, top + row, rgb, coverage[glyph][row * w + col] / 9.0);
                }
            }
            x += advances[glyph];
        }
    }

    private static int slot(char c) {
        return (c < FIRST || c > LAST ? '?' : c) - FIRST;
    }

    private static BitmapFont load(String resource) {
        try (InputStream in = BitmapFont.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font resource " + resource + " is missing from the jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read font resource " + resource, e);
        }
    }

    /** "height H baseline B", then per glyph "glyph CODE advance A width W" and H rows of W coverage digits. */
    static BitmapFont parse(BufferedReader reader, String name) throws IOException {
        String line = nextLine(reader);
        String[] header = line == null ? new String[0] : line.split(" ");
        if (header.length != 4 || !header[0].equals("height") || !header[2].equals("baseline")) {
            throw new IOException(name + ": expected 'height H baseline B', found '" + line + "'");
        }
        BitmapFont font = new BitmapFont(Integer.parseInt(header[1]), Integer.parseInt(header[3]));
        while ((line = nextLine(reader)) != null) {
            String[] f = line.split(" ");
            if (f.length != 6 || !f[0].equals("glyph") || !f[2].equals("advance") || !f[4].equals("width")) {
                throw new IOException(name + ": expected 'glyph CODE advance A width W', found '" + line + "'");
            }
            int code = Integer.parseInt(f[1]);
            if (code < FIRST || code > LAST) {
                throw new IOException(name + ": glyph " + code + " is outside printable ASCII");
            }
            int w = Integer.parseInt(f[5]);
            byte[] pixels = new byte[font.height * w];
            for (int row = 0; row < font.height && w > 0; row++) {
                String bits = reader.readLine();
                if (bits == null || bits.length() != w) {
                    throw new IOException(name + ": glyph " + code + " row " + row + " should have " + w
                            + " pixels, found '" + bits + "'");
                }
                for (int col = 0; col < w; col++) {
                    char c = bits.charAt(col);
                    if (c != '.' && (c < '1' || c > '9')) {
                        throw new IOException(name + ": glyph " + code + " row " + row + " has '" + c
                                + "', expected '.' or a digit 1-9");
                    }
                    pixels[row * w + col] = (byte) (c == '.' ? 0 : c - '0');
                }
            }
            font.advances[code - FIRST] = Integer.parseInt(f[3]);
            font.widths[code - FIRST] = w;
            font.coverage[code - FIRST] = pixels;
        }
        for (int i = 0; i < font.coverage.length; i++) {
            if (font.coverage[i] == null) {
                throw new IOException(name + ": no glyph for character " + (i + FIRST));
            }
        }
        return font;
    }

    /** The next line that is not a comment. */
    private static String nextLine(BufferedReader reader) throws IOException {
        String line;
        do {
            line = reader.readLine();
        } while (line != null && line.startsWith("#"));
        return line;
    }
}
