package dev.jgan.bench.sidebyside;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;

/**
 * One build of the tensor module (a jar or a classes folder) in a class loader of its own, in front
 * of the bench code: {@link ConvPassCall} loaded through it links against that build's kernels,
 * while the JDK's classes (and so {@link DoubleSupplier}) stay shared. Two of them let one JVM
 * alternate calls of two builds.
 */
public final class IsolatedBuild implements AutoCloseable {
    private static final String TENSOR_CLASS = "dev/jgan/tensor/Tensor.class";

    private final Path tensor;
    private final URLClassLoader loader;

    public IsolatedBuild(Path tensor) {
        if (!Files.exists(tensor)) {
            throw new IllegalArgumentException("tensor build " + tensor + " does not exist (expected a jar or a classes folder)");
        }
        this.tensor = tensor;
        URL benchCode = ConvPassCall.class.getProtectionDomain().getCodeSource().getLocation();
        try {
            URL build = tensor.toUri().toURL();
            requireTensorClasses(build);
            loader = new URLClassLoader("tensor build " + tensor.getFileName(),
                    new URL[] {build, benchCode}, ClassLoader.getPlatformClassLoader());
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bench jar carries a copy of the tensor classes behind the build, so a path without them would
     * silently time that copy instead: refuse it.
     */
    private void requireTensorClasses(URL build) {
        try (URLClassLoader probe = new URLClassLoader(new URL[] {build}, null)) {
            if (probe.findResource(TENSOR_CLASS) == null) {
                throw new IllegalArgumentException("tensor build " + tensor + " holds no " + TENSOR_CLASS
                        + " (expected the tensor module's jar or classes folder)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensor build " + tensor, e);
        }
    }

    /** The build's {@link ConvPassCall} for {@code layer} and {@code pass}. */
    public DoubleSupplier call(String layer, String pass) {
        try {
            return (DoubleSupplier) loader.loadClass(ConvPassCall.class.getName())
                    .getConstructor(String.class, String.class).newInstance(layer, pass);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof LinkageError cause) {
                throw cause;
            }
            throw new IllegalStateException(tensor + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(tensor + ": cannot load " + ConvPassCall.class.getName() + ": " + e, e);
        }
    }

    /** The class the build resolves {@code name} to (tests check that two builds do not share it). */
    Class<?> resolve(String name) throws ClassNotFoundException {
        return loader.loadClass(name);
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
