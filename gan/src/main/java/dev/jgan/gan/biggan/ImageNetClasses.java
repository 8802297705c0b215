package dev.jgan.gan.biggan;

import dev.jgan.gan.biggan.ClassMatch.Rule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntBiFunction;

/**
 * The 1000 ImageNet classes BigGAN is conditioned on, each with its names (the first is the
 * primary name), and lookup by index or name, case-insensitive.
 *
 * <p>A query is tried against these rules in order; the first that matches decides
 * ({@link ClassMatch.Rule}):
 * <ol>
 *   <li>a class index, "0" to "999";</li>
 *   <li>a name or synonym, whole ("bubble" is 971, "espresso" 967, "mushroom" 947). A few
 *       synonyms belong to two classes; the class whose primary name it is wins
 *       ("partridge" is 86), otherwise the query is ambiguous ("panther");</li>
 *   <li>an alias from imagenet-aliases.txt, plurals allowed: "soap bubble(s)" is 971 bubble
 *       and "coffee" is 967 espresso, as in pytorch-pretrained-BigGAN's demo;</li>
 *   <li>words: every query word is a word of some name, plurals allowed; the names with the
 *       fewest other words win ("mushrooms" is 947, "tigers" 292 tiger rather than tiger shark);</li>
 *   <li>part of a name; the shortest such name wins ("espress" is 967).</li>
 * </ol>
 * Comparison ignores case, hyphens, underscores, parentheses, apostrophes and dots.
 * When the deciding rule leaves several classes tied, {@link #resolve} refuses and lists
 * every class the query matches; when nothing matches, it suggests the closest names.
 */
public final class ImageNetClasses {
    /** Number of ImageNet classes; class-vector models with another count take indices only. */
    public static final int COUNT = 1000;
    private static final String CLASSES_RESOURCE = "imagenet-classes.txt";
    private static final String ALIASES_RESOURCE = "imagenet-aliases.txt";
    private static final int LISTED_CANDIDATES = 8;

    private final List<List<String>> names;
    private final List<List<String>> normalizedNames;
    private final Map<String, Integer> aliases;

    private ImageNetClasses(List<List<String>> names, Map<String, Integer> aliases) {
        this.names = names;
        this.normalizedNames = names.stream()
                .map(list -> list.stream().map(ClassNameText::normalize).toList())
                .toList();
        this.aliases = aliases;
    }

    private static final class Holder {
        static final ImageNetClasses INSTANCE = load();
    }

    /** The class list bundled with jgan. */
    public static ImageNetClasses imageNet() {
        return Holder.INSTANCE;
    }

    public int size() {
        return names.size();
    }

    /** All names of a class, primary name first. */
    public List<String> names(int index) {
        return names.get(checkIndex(index));
    }

    /** The primary name of a class ("bubble", "espresso", "tiger"). */
    public String name(int index) {
        return names(index).get(0);
    }

    /** "971 bubble": index and primary name, for messages. */
    public String label(int index) {
        return index + " " + name(index);
    }

    /** The index a query names; throws with the ambiguous candidates or the closest names. */
    public int resolve(String query) {
        ClassMatch match = match(query);
        if (match.isUnique()) {
            return match.classes().get(0);
        }
        if (match.rule() == Rule.NONE) {
            throw new IllegalArgumentException("unknown class '" + query + "'; closest: "
                    + labels(suggestions(query, 5)) + " ('gan biggan classes WORD' lists names)");
        }
        throw new IllegalArgumentException("class '" + query + "' is ambiguous, it matches "
                + labels(search(query)) + "; give a fuller name or the index");
    }

    /** The best classes for a query under the first rule that matches. */
    public ClassMatch match(String query) {
        String q = ClassNameText.normalize(query);
        if (q.isEmpty()) {
            throw new IllegalArgumentException("empty class name");
        }
        if (q.chars().allMatch(Character::isDigit)) {
            int index = parseIndex(q);
            return new ClassMatch(query, Rule.INDEX, List.of(index));
        }
        List<Integer> exact = best(q, this::exactRank);
        if (!exact.isEmpty()) {
            return new ClassMatch(query, Rule.EXACT, exact);
        }
        Integer alias = alias(q);
        if (alias != null) {
            return new ClassMatch(query, Rule.ALIAS, List.of(alias));
        }
        List<Integer> words = best(q, this::wordsRank);
        if (!words.isEmpty()) {
            return new ClassMatch(query, Rule.WORDS, words);
        }
        List<Integer> part = best(q, this::substringRank);
        return new ClassMatch(query, part.isEmpty() ? Rule.NONE : Rule.SUBSTRING, part);
    }

    /** Every class the query matches under any rule, best rule first, for listing. */
    public List<Integer> search(String query) {
        String q = ClassNameText.normalize(query);
        LinkedHashSet<Integer> found = new LinkedHashSet<>();
        if (!q.isEmpty() && q.chars().allMatch(Character::isDigit)) {
            found.add(parseIndex(q));
        }
        found.addAll(ranked(q, this::exactRank));
        Integer alias = alias(q);
        if (alias != null) {
            found.add(alias);
        }
        found.addAll(ranked(q, this::wordsRank));
        found.addAll(ranked(q, this::substringRank));
        return List.copyOf(found);
    }

    /**
     * The {@code limit} classes whose names are closest to the query: edit distance relative to
     * the longer text, less a bonus for the share of query words (plurals allowed) a name holds.
     */
    public List<Integer> suggestions(String query, int limit) {
        String q = ClassNameText.normalize(query);
        List<String> queryWords = ClassNameText.words(q);
        double[] score = new double[size()];
        for (int c = 0; c < size(); c++) {
            score[c] = Double.MAX_VALUE;
            for (String name : normalizedNames.get(c)) {
                double distance = (double) ClassNameText.editDistance(q, name)
                        / Math.max(1, Math.max(q.length(), name.length()));
                double overlap = queryWords.isEmpty() ? 0
                        : (double) ClassNameText.sharedWords(queryWords, ClassNameText.words(name)) / queryWords.size();
                score[c] = Math.min(score[c], distance - 0.5 * overlap);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < size(); c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingDouble((Integer c) -> score[c]).thenComparingInt(c -> c));
        return List.copyOf(order.subList(0, Math.min(limit, order.size())));
    }

    /** The class of the alias whose words match the query's word for word (plurals allowed), or null. */
    private Integer alias(String q) {
        List<String> queryWords = ClassNameText.words(q);
        for (Map.Entry<String, Integer> entry : aliases.entrySet()) {
            List<String> aliasWords = ClassNameText.words(entry.getKey());
            boolean same = aliasWords.size() == queryWords.size();
            for (int i = 0; same && i < aliasWords.size(); i++) {
                same = ClassNameText.sameWord(aliasWords.get(i), queryWords.get(i));
            }
            if (same) {
                return entry.getValue();
            }
        }
        return null;
    }

    // ---- ranks: lower is better, -1 means no match ----------------------------------------

    /** 0 if a primary name equals the query, 1 if another synonym does. */
    private int exactRank(String q, int c) {
        List<String> list = normalizedNames.get(c);
        int at = list.indexOf(q);
        return at < 0 ? -1 : (at == 0 ? 0 : 1);
    }

    /** The fewest words a name has beyond the query's, over names holding every query word. */
    private int wordsRank(String q, int c) {
        List<String> queryWords = ClassNameText.words(q);
        int best = -1;
        for (String name : normalizedNames.get(c)) {
            List<String> nameWords = ClassNameText.words(name);
            if (ClassNameText.sharedWords(queryWords, nameWords) == queryWords.size()) {
                int extra = Math.max(0, nameWords.size() - queryWords.size());
                best = best < 0 ? extra : Math.min(best, extra);
            }
        }
        return best;
    }

    /** The fewest characters a name has beyond the query, over names containing it. */
    private int substringRank(String q, int c) {
        int best = -1;
        for (String name : normalizedNames.get(c)) {
            if (name.contains(q)) {
                int extra = name.length() - q.length();
                best = best < 0 ? extra : Math.min(best, extra);
            }
        }
        return best;
    }

    /** The classes sharing the lowest rank. */
    private List<Integer> best(String q, ToIntBiFunction<String, Integer> rank) {
        List<Integer> winners = new ArrayList<>();
        int bestRank = Integer.MAX_VALUE;
        for (int c = 0; c < size(); c++) {
            int r = rank.applyAsInt(q, c);
            if (r >= 0 && r < bestRank) {
                bestRank = r;
                winners.clear();
            }
            if (r >= 0 && r == bestRank) {
                winners.add(c);
            }
        }
        return winners;
    }

    /** All matching classes, best rank first. */
    private List<Integer> ranked(String q, ToIntBiFunction<String, Integer> rank) {
        List<Integer> hits = new ArrayList<>();
        int[] ranks = new int[size()];
        for (int c = 0; c < size(); c++) {
            ranks[c] = q.isEmpty() ? -1 : rank.applyAsInt(q, c);
            if (ranks[c] >= 0) {
                hits.add(c);
            }
        }
        hits.sort(Comparator.comparingInt((Integer c) -> ranks[c]).thenComparingInt(c -> c));
        return hits;
    }

    private int parseIndex(String digits) {
        int index;
        try {
            index = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException("class index " + digits + " is out of range 0.." + (size() - 1));
        }
        return index;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException("class index " + index + " is out of range 0.." + (size() - 1));
        }
        return index;
    }

    private String labels(List<Integer> classes) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(LISTED_CANDIDATES, classes.size()); i++) {
            parts.add(label(classes.get(i)));
        }
        String more = classes.size() > LISTED_CANDIDATES ? " and " + (classes.size() - LISTED_CANDIDATES) + " more" : "";
        return String.join(", ", parts) + more;
    }

    // ---- loading ------------------------------------------------------------------------

    private static ImageNetClasses load() {
        List<List<String>> names = new ArrayList<>();
        for (String line : resourceLines(CLASSES_RESOURCE)) {
            String[] fields = line.split("\t");
            if (fields.length != 2 || Integer.parseInt(fields[0]) != names.size()) {
                throw new IllegalStateException(
                        CLASSES_RESOURCE + ": expected '" + names.size() + "<TAB>names', found '" + line + "'");
            }
            names.add(List.of(fields[1].split(", ")));
        }
        if (names.size() != COUNT) {
            throw new IllegalStateException(CLASSES_RESOURCE + " lists " + names.size() + " classes, expected " + COUNT);
        }
        Map<String, Integer> aliases = new HashMap<>();
        for (String line : resourceLines(ALIASES_RESOURCE)) {
            String[] fields = line.split("\t");
            aliases.put(ClassNameText.normalize(fields[0]), Integer.parseInt(fields[1]));
        }
        return new ImageNetClasses(List.copyOf(names), Map.copyOf(aliases));
    }

    /** The non-empty, non-comment lines of a resource beside this class. */
    private static List<String> resourceLines(String resource) {
        try (InputStream in = ImageNetClasses.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
