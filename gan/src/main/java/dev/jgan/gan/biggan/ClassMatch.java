package dev.jgan.gan.biggan;

import java.util.List;

/**
 * The classes a name query matches best, and by which rule. More than one class means the
 * query is ambiguous at that rule; none means nothing matched.
 *
 * @param query   the text looked up
 * @param rule    the first rule that matched
 * @param classes the best classes under that rule, in index order
 */
public record ClassMatch(String query, Rule rule, List<Integer> classes) {

    /** The lookup rules, in the order they are tried. */
    public enum Rule {
        /** The query is a class index. */
        INDEX,
        /** The query is one of a class's names or synonyms. */
        EXACT,
        /** The query is one of the extra names of imagenet-aliases.txt. */
        ALIAS,
        /** Every word of the query is a word of a name; fewest extra words wins. */
        WORDS,
        /** The query is part of a name; the shortest such name wins. */
        SUBSTRING,
        /** Nothing matched. */
        NONE
    }

    public ClassMatch {
        classes = List.copyOf(classes);
    }

    /** Whether exactly one class matched. */
    public boolean isUnique() {
        return classes.size() == 1;
    }
}
