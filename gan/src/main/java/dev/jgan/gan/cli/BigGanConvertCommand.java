package dev.jgan.gan.cli;

import dev.jgan.gan.biggan.BigGanConfig;
import dev.jgan.gan.biggan.BigGanModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gan biggan convert SRC DST}: a PyTorch checkpoint to a jgan model file. */
@Command(name = "convert",
        description = "Convert a pytorch-pretrained-BigGAN checkpoint (folder with pytorch_model.bin and config.json,"
                + " or the .bin with config.json beside it) to a jgan model file (.safetensors).")
final class BigGanConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "Checkpoint folder or pytorch_model.bin.")
    private Path source;

    @Parameters(index = "1", paramLabel = "DST", description = "jgan model file to write (.safetensors).")
    private Path destination;

    @Override
    public Integer call() throws Exception {
        BigGanModel.convert(source, destination);
        BigGanConfig config = BigGanModel.load(destination).config();
        System.out.println("wrote " + destination + ": BigGAN-deep " + config.outputSize() + "x" + config.outputSize()
                + ", channel width " + config.channelWidth() + ", " + config.numClasses() + " classes");
        return 0;
    }
}
