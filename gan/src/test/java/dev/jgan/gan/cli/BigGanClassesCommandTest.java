package dev.jgan.gan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BigGanClassesCommandTest {
    private record Run(int code, String out) {}

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            String[] full = new String[args.length + 2];
            full[0] = "biggan";
            full[1] = "classes";
            System.arraycopy(args, 0, full, 2, args.length);
            int code = Main.execute(full);
            return new Run(code, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void listsAllClassesWithoutAQuery() {
        Run r = run();
        assertEquals(0, r.code());
        String[] lines = r.out().split("\n");
        assertEquals(1000, lines.length);
        assertEquals("    0  tench, Tinca tinca", lines[0]);
        assertEquals("  971  bubble", lines[971]);
    }

    @Test
    void showsWhichClassAQueryPicksAndEveryMatch() {
        Run r = run("coffee");
        assertEquals(0, r.code());
        assertEquals("'coffee' is class 967 espresso (alias match)\nmatches:\n  967  espresso\n  504  coffee mug\n  505  coffeepot\n",
                r.out());
        assertTrue(run("soap", "bubble").out().startsWith("'soap bubble' is class 971 bubble (alias match)\n"));
        assertTrue(run("retriever").out().startsWith("'retriever' is ambiguous; give a fuller name or the index\nmatches:\n"));
    }

    @Test
    void unknownNamesPrintSuggestionsAndFail() {
        Run r = run("tigre");
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("no class matches 'tigre'; closest:\n  292  tiger, Panthera tigris\n"), r.out());
    }
}
