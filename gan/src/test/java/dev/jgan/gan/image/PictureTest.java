package dev.jgan.gan.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PictureTest {

    @Test
    void blendMixesEachChannelAndIgnoresPixelsOutside() {
        Picture picture = new Picture(3, 2, 0x000000);
        picture.blend(1, 1, 0xff8040, 0.5);
        assertEquals(0x804020, picture.get(1, 1));
        picture.blend(1, 1, 0xff8040, 1.0);
        assertEquals(0xff8040, picture.get(1, 1));
        picture.blend(1, 0, 0xffffff, 0.0);
        picture.blend(-1, 0, 0xffffff, 1.0);
        picture.blend(3, 0, 0xffffff, 1.0);
        assertEquals(0, picture.get(1, 0));
    }

    @Test
    void fillRectIsClippedToThePicture() {
        Picture picture = new Picture(4, 3, 0x111111);
        picture.fillRect(-2, 1, 4, 9, 0xabcdef);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                int expected = x < 2 && y >= 1 ? 0xabcdef : 0x111111;
                assertEquals(expected, picture.get(x, y), x + "," + y);
            }
        }
    }

    @Test
    void pixelsOutsideAndEmptySizesAreNamed() {
        Picture picture = new Picture(4, 3, 0);
        assertEquals("pixel (4, 0) is outside a 4 x 3 picture",
                assertThrows(IndexOutOfBoundsException.class, () -> picture.get(4, 0)).getMessage());
        assertEquals("a picture needs a positive size, found 0 x 3",
                assertThrows(IllegalArgumentException.class, () -> new Picture(0, 3, 0)).getMessage());
    }
}
