package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class BigGanConfigTest {
    @Test
    void readsTheFixtureAndWritesItBackAsThePythonPackageDoes() throws IOException {
        String text = Files.readString(BigGanFixtures.checkpoint("tiny128-legacy").resolve("config.json"));
        BigGanConfig c = BigGanConfig.parse(text);
        assertEquals(8, c.channelWidth());
        assertEquals(128, c.outputSize());
        assertEquals(128, c.zDim());
        assertEquals(1000, c.numClasses());
        assertEquals(256, c.condDim());
        assertEquals(16, c.attentionChannels());
        assertEquals(text, c.toJson());
        assertEquals(c, BigGanConfig.parse(c.toJson()));
    }

    @Test
    void missingKeysTakeTheBigGan128DefaultsAndUnknownKeysAreIgnored() {
        BigGanConfig c = BigGanConfig.parse("{\"channel_width\": 8, \"comment\": \"x\"}");
        assertEquals(BigGanConfig.LAYERS_128, c.layers());
        assertEquals(1e-4, c.eps());
        assertEquals(51, c.nStats());
        assertEquals(8, c.attentionLayerPosition());
    }

    @Test
    void epsIsWrittenAsPythonWritesFloats() {
        assertEquals("0.0001", BigGanConfig.pythonFloat(1e-4));
        assertEquals("1e-05", BigGanConfig.pythonFloat(1e-5));
        assertEquals("1.5e-07", BigGanConfig.pythonFloat(1.5e-7));
        assertEquals("0.001", BigGanConfig.pythonFloat(0.001));
        assertEquals("2.0", BigGanConfig.pythonFloat(2));
        assertEquals("1e+16", BigGanConfig.pythonFloat(1e16));
    }

    @Test
    void theFull256Config() {
        BigGanConfig c = BigGanConfig.deep256();
        assertEquals(256, c.outputSize());
        assertEquals(512, c.attentionChannels());
        assertEquals(602, new BigGanLayout(c).checkpointShapes().size());
        assertEquals(506, new BigGanLayout(BigGanConfig.parse("{}")).checkpointShapes().size());
    }

    @Test
    void layerListsThatCannotChainAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BigGanConfig.parse(
                "{\"channel_width\": 8, \"attention_layer_position\": 0, \"layers\": [[true, 16, 8], [false, 4, 1]]}"));
        assertTrue(e.getMessage().contains("layers[1] takes in_mult 4 but receives 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BigGanConfig.parse("{\"layers\": [[true, 16]]}"));
        assertTrue(e.getMessage().contains("layers[0] must be [up_sample: bool, in_mult: int, out_mult: int]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BigGanConfig.parse("{\"attention_layer_position\": 10}"));
        assertTrue(e.getMessage().contains("attention_layer_position 10 is outside the 10 layers"), e.getMessage());
    }
}
