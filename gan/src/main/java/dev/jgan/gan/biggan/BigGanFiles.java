package dev.jgan.gan.biggan;

import dev.jgan.nn.io.SafeTensors;
import dev.jgan.nn.io.TorchCheckpoint;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where BigGAN-deep weights come from and go to: pytorch-pretrained-BigGAN checkpoints
 * ({@code pytorch_model.bin} in either torch.save serialisation, with {@code config.json}
 * beside it) and jgan model files (safetensors holding the resolved weights, with the config
 * JSON in the metadata).
 */
final class BigGanFiles {
    static final String CHECKPOINT_NAME = "pytorch_model.bin";
    static final String CONFIG_NAME = "config.json";
    static final String FORMAT_KEY = "format";
    static final String FORMAT = "jgan-biggan-deep";
    static final String CONFIG_KEY = "config";

    private BigGanFiles() {}

    /** Reads a checkpoint folder, a checkpoint file with config.json beside it, or a jgan model file. */
    static BigGanWeights read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return readCheckpoint(path.resolve(CHECKPOINT_NAME));
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file or folder");
        }
        return isTorchCheckpoint(path) ? readCheckpoint(path) : readModelFile(path);
    }

    /**
     * Reads a PyTorch state dict and the config beside it ({@code config.json}, or for a file
     * named like the downloads {@code <name>-pytorch_model.bin}, {@code <name>-config.json} if
     * present); resolves spectral norm.
     */
    static BigGanWeights readCheckpoint(Path checkpoint) throws IOException {
        Path configFile = configBeside(checkpoint);
        if (!Files.isRegularFile(configFile)) {
            throw new IOException(checkpoint + ": no " + CONFIG_NAME + " beside the checkpoint");
        }
        if (!Files.isRegularFile(checkpoint)) {
            throw new IOException(checkpoint + ": no such checkpoint file");
        }
        BigGanConfig config = BigGanConfig.read(configFile);
        Map<String, Tensor> stateDict = TorchCheckpoint.load(checkpoint);
        try {
            return fromStateDict(config, stateDict, checkpoint.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Checks a state dict against the config (every name and shape) and resolves every
     * spectral-norm module to its eval-mode weight.
     */
    static BigGanWeights fromStateDict(BigGanConfig config, Map<String, Tensor> stateDict, String source) {
        BigGanLayout layout = new BigGanLayout(config);
        TensorCheck.requireExactly(source, layout.checkpointShapes(), stateDict);
        Map<String, Tensor> resolved = new LinkedHashMap<>();
        for (BigGanLayout.Param p : layout.params()) {
            if (p.spectral()) {
                resolved.put(p.name() + ".weight", SpectralNorm.resolve(source + ": " + p.name(),
                        stateDict.get(p.name() + ".weight_orig"), stateDict.get(p.name() + ".weight_u"),
                        stateDict.get(p.name() + ".weight_v")));
            } else {
                resolved.put(p.name(), stateDict.get(p.name()));
            }
        }
        return new BigGanWeights(config, resolved);
    }

    private static Path configBeside(Path checkpoint) {
        Path file = checkpoint.toAbsolutePath();
        String name = file.getFileName().toString();
        if (name.endsWith(CHECKPOINT_NAME) && name.length() > CHECKPOINT_NAME.length()) {
            Path prefixed = file.resolveSibling(name.substring(0, name.length() - CHECKPOINT_NAME.length()) + CONFIG_NAME);
            if (Files.isRegularFile(prefixed)) {
                return prefixed;
            }
        }
        return file.resolveSibling(CONFIG_NAME);
    }

    /** Reads a jgan model file written by {@link #writeModelFile}. */
    static BigGanWeights readModelFile(Path path) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        Map<String, String> metadata = contents.metadata();
        if (!FORMAT.equals(metadata.get(FORMAT_KEY)) || !metadata.containsKey(CONFIG_KEY)) {
            throw new IOException(path + ": not a jgan BigGAN-deep model file (its safetensors metadata needs "
                    + FORMAT_KEY + " = " + FORMAT + " and the config; convert a checkpoint with 'gan biggan convert')");
        }
        try {
            return new BigGanWeights(BigGanConfig.parse(metadata.get(CONFIG_KEY)), contents.tensors());
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /** Writes the resolved weights as safetensors with the config in the metadata (atomically). */
    static void writeModelFile(BigGanWeights weights, Path path) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, FORMAT);
        metadata.put(CONFIG_KEY, weights.config().toJson());
        SafeTensors.write(path, weights.tensors(), metadata);
    }

    /** Whether the file starts like a torch.save file: a zip archive or a pickle protocol 2+ opcode. */
    private static boolean isTorchCheckpoint(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(2);
            boolean zip = head.length == 2 && head[0] == 'P' && head[1] == 'K';
            boolean pickle = head.length >= 1 && (head[0] & 0xff) == 0x80;
            return zip || pickle;
        }
    }
}
