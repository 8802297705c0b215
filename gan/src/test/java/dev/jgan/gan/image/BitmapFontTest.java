package dev.jgan.gan.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class BitmapFontTest {
    private static final BitmapFont FONT = BitmapFont.sans12();

    /** The bounding box {left, top, right, bottom} of non-white pixels, or null when there are none. */
    private static int[] ink(Picture picture) {
        int[] box = null;
        for (int y = 0; y < picture.height(); y++) {
            for (int x = 0; x < picture.width(); x++) {
                if (picture.get(x, y) != 0xffffff) {
                    box = box == null ? new int[] {x, y, x, y}
                            : new int[] {Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)};
                }
            }
        }
        return box;
    }

    @Test
    void textSitsOnItsBaselineWithinItsWidth() {
        Picture picture = new Picture(100, 40, 0xffffff);
        FONT.draw(picture, "loss 0.5", 10, 20, 0x000000);
        int[] box = ink(picture);
        assertTrue(box[0] >= 10 && box[2] < 10 + FONT.width("loss 0.5") + 1, "ink spans x " + box[0] + ".." + box[2]);
        assertEquals(19, box[3], "no descenders: the lowest ink is the row above the baseline");
        assertTrue(box[1] >= 20 - FONT.baseline() && box[1] < 12, "top of 'l' near the cap height, found " + box[1]);
    }

    @Test
    void widthsAddUpAndUnknownCharactersLookLikeQuestionMarks() {
        assertEquals(FONT.width("ab") , FONT.width("a") + FONT.width("b"));
        assertTrue(FONT.width("W") > FONT.width("i"), "a proportional font");
        Picture unknown = new Picture(20, 20, 0xffffff);
        Picture question = new Picture(20, 20, 0xffffff);
        FONT.draw(unknown, "\u00e9", 2, 15, 0x000000);
        FONT.draw(question, "?", 2, 15, 0x000000);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                assertEquals(question.get(x, y), unknown.get(x, y));
            }
        }
        assertTrue(ink(question) != null);
    }

    @Test
    void damagedFontFilesAreRefusedWithTheReason() {
        assertEquals("f: glyph 65 row 1 should have 2 pixels, found '9'", parseError("""
                height 2 baseline 1
                glyph 65 advance 3 width 2
                .9
                9
                """));
        assertEquals("f: glyph 65 row 0 has 'x', expected '.' or a digit 1-9", parseError("""
                height 1 baseline 1
                glyph 65 advance 3 width 2
                .x
                """));
        assertEquals("f: no glyph for character 32", parseError("""
                # comment
                height 1 baseline 1
                glyph 65 advance 3 width 0
                """));
        assertEquals("f: expected 'height H baseline B', found 'size 1'", parseError("size 1\n"));
    }

    private static String parseError(String text) {
        return assertThrows(IOException.class, () -> BitmapFont.parse(new BufferedReader(new StringReader(text)), "f"))
                .getMessage();
    }
}
