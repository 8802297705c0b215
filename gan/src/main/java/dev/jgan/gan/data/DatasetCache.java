package dev.jgan.gan.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The folder where downloaded datasets live: {@code $JGAN_DATA}, else
 * {@code ~/.cache/jgan/data}; each dataset in a subfolder named after it.
 */
public final class DatasetCache {
    /** Environment variable that overrides the cache folder. */
    public static final String ENVIRONMENT_VARIABLE = "JGAN_DATA";
    /** The datasets that can be fetched, by name. */
    public static final List<String> NAMES = List.of("mnist", "fashion-mnist");

    private DatasetCache() {}

    /** {@code $JGAN_DATA} if set and not blank, else {@code ~/.cache/jgan/data}. */
    public static Path root() {
        return root(System.getenv());
    }

    static Path root(Map<String, String> environment) {
        String configured = environment.get(ENVIRONMENT_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "jgan", "data");
    }

    /** Fetches (or verifies) dataset {@code name} into the default cache and returns its folder. */
    public static Path fetch(String name, PrintStream log) throws IOException {
        return fetch(name, root(), log);
    }

    /** Fetches (or verifies) dataset {@code name} into {@code root/name} and returns that folder. */
    public static Path fetch(String name, Path root, PrintStream log) throws IOException {
        return plan(name).fetchInto(root.resolve(name), log);
    }

    /**
     * Installs (or verifies) dataset {@code name} into {@code root/name} from local files
     * (see {@link LocalFilesSource}) and returns that folder.
     */
    public static Path importFiles(String name, List<Path> files, Path root, PrintStream log) throws IOException {
        FetchPlan plan = plan(name);
        FetchPlan local = new FetchPlan(plan.name(), plan.files(), List.of(new LocalFilesSource(files, plan.files())));
        return local.fetchInto(root.resolve(name), log);
    }

    /** The fetch plan for a dataset name; unknown names are an error listing the known ones. */
    public static FetchPlan plan(String name) {
        return switch (name) {
            case "mnist" -> MnistFetcher.plan();
            case "fashion-mnist" -> FashionMnistFetcher.plan();
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "': expected "
                    + String.join(" or ", NAMES));
        };
    }
}
