package dev.jgan.nn.autograd;

/**
 * Whether ops record the graph for backward(), per thread. Turn it off for inference
 * and for making fakes for the discriminator step:
 * {@code try (var g = Grad.off()) { fake = generator.forward(z); }}
 */
public final class Grad {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private Grad() {}

    /** Restores the previous mode when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public static boolean enabled() {
        return ENABLED.get();
    }

    /** No graph is recorded until the returned scope is closed. */
    public static Scope off() {
        return set(false);
    }

    /** Recording on again inside an {@link #off()} scope. */
    public static Scope on() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean previous = ENABLED.get();
        ENABLED.set(enabled);
        return () -> ENABLED.set(previous);
    }
}
