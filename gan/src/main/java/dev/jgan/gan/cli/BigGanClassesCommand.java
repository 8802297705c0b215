package dev.jgan.gan.cli;

import dev.jgan.gan.biggan.ClassMatch;
import dev.jgan.gan.biggan.ImageNetClasses;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gan biggan classes [QUERY]}: the ImageNet class list, or the classes a name finds. */
@Command(name = "classes",
        description = {"List the 1000 ImageNet classes, or look one up by index, name or part of a name.",
                "Prints which class --class QUERY would use, then every class the query matches."})
final class BigGanClassesCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "QUERY", description = "Index, name or words (joined with spaces).")
    private List<String> words = List.of();

    @Override
    public Integer call() {
        ImageNetClasses classes = ImageNetClasses.imageNet();
        PrintStream out = System.out;
        if (words.isEmpty()) {
            for (int c = 0; c < classes.size(); c++) {
                out.println(line(classes, c));
            }
            return 0;
        }
        String query = String.join(" ", words);
        ClassMatch match = classes.match(query);
        if (match.rule() == ClassMatch.Rule.NONE) {
            out.println("no class matches '" + query + "'; closest:");
            classes.suggestions(query, 5).forEach(c -> out.println(line(classes, c)));
            return 1;
        }
        if (match.isUnique()) {
            out.println("'" + query + "' is class " + classes.label(match.classes().get(0))
                    + " (" + match.rule().name().toLowerCase(Locale.ROOT) + " match)");
        } else {
            out.println("'" + query + "' is ambiguous; give a fuller name or the index");
        }
        out.println("matches:");
        classes.search(query).forEach(c -> out.println(line(classes, c)));
        return 0;
    }

    private static String line(ImageNetClasses classes, int c) {
        return String.format(Locale.ROOT, "%5d  %s", c, String.join(", ", classes.names(c)));
    }
}
