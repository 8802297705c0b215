package dev.jgan.gan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void outOfMemoryIsOneLineNamingTheHeapLimitAndTheRemedy() {
        String message = Main.outOfMemoryMessage(460L << 20);
        assertTrue(message.startsWith("error: out of memory: the Java heap is limited to 460 MiB;"), message);
        assertTrue(message.contains("JGAN_JAVA_OPTS=-Xmx"), message);
        assertEquals(-1, message.indexOf('\n'));
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertEquals(2, Main.execute("no-such-command"));
    }
}
