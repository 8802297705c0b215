package dev.jgan.gan.dcgan;

import dev.jgan.cuda.CudaBackend;
import dev.jgan.cuda.CudaContext;
import dev.jgan.gan.data.BatchReader;
import dev.jgan.gan.data.Batches;
import dev.jgan.gan.data.Dataset;
import dev.jgan.gan.dcgan.backend.BackendTrainingStep;
import dev.jgan.gan.device.DeviceChoice;
import dev.jgan.gan.image.ImageGrid;
import dev.jgan.gan.train.MetricsLog;
import dev.jgan.gan.train.ProgressLine;
import dev.jgan.nn.Allocations;
import dev.jgan.nn.autograd.Profiler;
import dev.jgan.nn.backend.Backend;
import dev.jgan.tensor.Parallel;
import dev.jgan.tensor.Rng;
import dev.jgan.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Trains a DCGAN on a dataset: step after step ({@link TrainingStep} on the CPU, or
 * {@link BackendTrainingStep} on the GPU, whose model is copied to the host for samples and
 * checkpoints) over seeded shuffled batches, with a live progress line, a metrics log, a sample grid of fixed z and the loss
 * curves after every epoch, and checkpoints after every epoch and every few minutes.
 * A resumed run continues bit for bit (same thread count); a run whose losses or weights
 * stop being finite stops without saving, keeping the last good checkpoint.
 */
public final class DcganTrainer {
    /**
     * How the run ended: steps done in all, the mean images per second of this session (wall clock) and
     * of its training steps alone (batch, noise, the step; not the samples, charts, metrics and
     * checkpoints written along the way), and
     * what a training step allocated on average this session once the buffer pool was full, after
     * the first {@link #WARM_UP_STEPS} steps ({@link Allocations}: heap bytes over all threads;
     * tensors with -Djgan.countTensors=true), and over the last half of those steps, {@code lateSteps}
     * of them: the JIT compiles the kernels over the first hundred steps or so, and until then the
     * vector code's slow path allocates, which the first average includes. Null when the session ran
     * no such step.
     */
    public record Summary(long steps, double imagesPerSecond, double trainingImagesPerSecond, Path lastGrid,
                          Allocations perSteadyStep, long lateSteps, Allocations perLateStep) {}

    /**
     * Steps a session takes to fill its buffer pool: the first allocates a step's arrays, the second
     * a few more (measured: 3 small ones in a tiny run), and the steps after them none.
     */
    public static final int WARM_UP_STEPS = 2;
    /** With -Djgan.profile=true: the op times of this many first steps of a run are dropped (the JIT's warm-up). */
    private static final int PROFILE_SKIP_STEPS = Integer.getInteger("jgan.profile.skip", 0);
    /**
     * First steps of a session that run on one kernel thread fewer than configured (at least one): the JIT
     * compiles the kernels during them on the same cores. Measured on 2 cores: steps 1-5 took 2.97-3.39 s on
     * one thread against 3.78-3.80 s on two; from about step 10 two are ahead. The work is cut into the same
     * chunks either way, so the bits are the same. {@code -Djgan.train.compileSteps=0} turns it off.
     */
    private static final int COMPILE_STEPS = Integer.getInteger("jgan.train.compileSteps", 5);

    private static final long QUIET_PROGRESS_NANOS = 10_000_000_000L;

    private final TrainOptions options;
    private final Dataset dataset;
    private final PrintStream log;
    private final boolean terminal;
    private final Checkpoint.Writer writer;
    private final RunFolder run;
    private final DeviceChoice device;
    private final Backend<?> explicitBackend;

    private Dcgan model;
    private TrainingStep step;
    private BackendTrainingStep<?> explicitStep;
    private Batches batches;
    private Rng noise;
    private long stepsDone;
    private long checkpointStep = -1;
    private long lastCheckpointNanos;

    /**
     * @param terminal rewrite the progress line in place (a console) rather than print a line every few seconds
     * @param writer   how checkpoints are written ({@link Checkpoint#SAFETENSORS})
     */
    public DcganTrainer(TrainOptions options, Dataset dataset, PrintStream log, boolean terminal,
                        Checkpoint.Writer writer) {
        this(options, dataset, log, terminal, writer, DeviceChoice.CPU);
    }

    /**
     * As above, training on {@code device} in its precision (CUDA: the configuration must be one
     * {@link BackendTrainingStep} covers).
     */
    public DcganTrainer(TrainOptions options, Dataset dataset, PrintStream log, boolean terminal,
                        Checkpoint.Writer writer, DeviceChoice device) {
        this(options, dataset, log, terminal, writer, device, null);
    }

    /** Training with the explicit step on {@code explicitBackend} (tests run the GPU's path on the CPU's backend). */
    DcganTrainer(TrainOptions options, Dataset dataset, PrintStream log, boolean terminal, Checkpoint.Writer writer,
                 Backend<?> explicitBackend) {
        this(options, dataset, log, terminal, writer, DeviceChoice.CPU, explicitBackend);
    }

    private DcganTrainer(TrainOptions options, Dataset dataset, PrintStream log, boolean terminal,
                         Checkpoint.Writer writer, DeviceChoice device, Backend<?> explicitBackend) {
        this.device = device;
        this.explicitBackend = explicitBackend;
        this.options = options;
        this.dataset = dataset;
        this.log = log;
        this.terminal = terminal;
        this.writer = writer;
        this.run = new RunFolder(options.out());
    }

    public Summary train() throws IOException {
        DcganConfig config = options.config();
        requireDatasetFits(config);
        run.create();
        SeedPlan seeds = SeedPlan.of(options.seed());
        batches = Batches.shuffled(dataset.size(), options.batchSize(), false, seeds.dataOrder());
        if (options.resume()) {
            resume();
        } else {
            start(seeds);
        }
        long perEpoch = batches.batchesPerEpoch();
        long total = (long) options.epochs() * perEpoch;
        if (options.maxSteps() > 0) {
            total = Math.min(total, options.maxSteps());
        }
        if (stepsDone >= total) {
            log.printf("%s already holds %d steps (asked for %d); nothing to do%n", run.checkpoint(), stepsDone, total);
            return new Summary(stepsDone, 0, 0, null, new Allocations(0, 0, 0), 0, null);
        }
        log.printf(Locale.ROOT, "training %s on %s: %d images, batch %d, %d steps per epoch, %d steps to go, %d threads%n",
                config.describe(), dataset.name(), dataset.size(), options.batchSize(), perEpoch, total - stepsDone,
                Parallel.threads());
        if (device.device() == DeviceChoice.Device.CUDA) {
            try (CudaContext context = CudaContext.open(0)) {
                return trainExplicitly(new CudaBackend(context, device.precision()), total, perEpoch, seeds);
            }
        }
        return explicitBackend != null ? trainExplicitly(explicitBackend, total, perEpoch, seeds)
                : loop(total, perEpoch, seeds);
    }

    private <T> Summary trainExplicitly(Backend<T> backend, long total, long perEpoch, SeedPlan seeds)
            throws IOException {
        try (BackendTrainingStep<T> explicit = new BackendTrainingStep<>(backend, model, step.generatorOptimizer(),
                step.discriminatorOptimizer())) {
            explicitStep = explicit;
            return loop(total, perEpoch, seeds);
        } finally {
            explicitStep = null;
        }
    }

    private Summary loop(long total, long perEpoch, SeedPlan seeds) throws IOException {
        DcganConfig config = options.config();
        Tensor fixedZ = Tensor.normal(new Rng(seeds.fixedSamples()), 0f, 1f, gridCount(), config.latentDim(), 1, 1);
        int[] fixedLabels = config.conditional() ? cycleLabels(gridCount(), config.numClasses()) : null;
        BatchReader reader = new BatchReader(dataset, batches);
        ProgressLine progress = new ProgressLine(log, terminal);
        long start = System.nanoTime();
        long lastPrint = 0;
        long trainingNanos = 0;
        long sessionSteps = 0;
        long sessionImages = 0;
        Path lastGrid = null;
        Allocations stepAllocations = new Allocations(0, 0, 0);
        Allocations lateAllocations = new Allocations(0, 0, 0);
        long lateFrom = WARM_UP_STEPS + (total - stepsDone - WARM_UP_STEPS + 1) / 2;
        lastCheckpointNanos = start;
        try (MetricsLog metrics = MetricsLog.open(run.metrics(), stepsDone)) {
            while (stepsDone < total) {
                long stepStart = System.nanoTime();
                BatchReader.Batch batch = reader.next();
                Tensor z = Tensor.normal(noise, 0f, 1f, batch.size(), config.latentDim(), 1, 1);
                Allocations before = Allocations.now();
                TrainingStep.Result result;
                Parallel.runOn(sessionSteps < COMPILE_STEPS ? Parallel.threads() - 1 : Parallel.threads());
                try {
                    result = runStep(batch, z);
                } finally {
                    Parallel.runOn(Parallel.threads());
                }
                if (sessionSteps >= WARM_UP_STEPS) {
                    Allocations allocated = Allocations.now().minus(before);
                    stepAllocations = stepAllocations.plus(allocated);
                    if (sessionSteps >= lateFrom) {
                        lateAllocations = lateAllocations.plus(allocated);
                    }
                }
                stepsDone++;
                sessionSteps++;
                if (sessionSteps == PROFILE_SKIP_STEPS) {
                    Profiler.reset();
                }
                sessionImages += batch.size();
                int epoch = (int) batch.epoch() + 1;
                requireFinite(result, epoch);
                long now = System.nanoTime();
                trainingNanos += now - stepStart;
                double seconds = (now - start) / 1e9;
                double imagesPerSecond = sessionImages / seconds;
                metrics.append(new MetricsLog.Row(stepsDone, epoch, result.lossD(), result.lossG(), result.dReal(),
                        result.dFake(), imagesPerSecond));
                boolean epochEnd = batches.epochDone();
                if (terminal || epochEnd || stepsDone == total || now - lastPrint >= QUIET_PROGRESS_NANOS) {
                    Duration eta = Duration.ofMillis((long) (1000 * seconds / sessionSteps * (total - stepsDone)));
                    progress.update(new ProgressLine.Status(epoch, options.epochs(), stepsDone, perEpoch,
                            imagesPerSecond, eta, result.lossD(), result.lossG(), result.dReal(), result.dFake()));
                    lastPrint = now;
                }
                if (epochEnd || stepsDone == total) {
                    copyToHost(epoch);
                    lastGrid = epochEnd ? run.epochGrid(epoch) : run.stepGrid(stepsDone);
                    ImageGrid.writePng(model.sample(fixedZ, fixedLabels), gridColumns(), lastGrid);
                    run.writeLossChart();
                    checkpoint();
                    progress.finish();
                    log.printf("epoch %d%s: samples %s, checkpoint %s%n", epoch, epochEnd ? " done" : " (stopped at step "
                            + stepsDone + ")", lastGrid, run.checkpoint());
                } else if (options.checkpointMinutes() > 0
                        && now - lastCheckpointNanos >= (long) (options.checkpointMinutes() * 60e9)) {
                    copyToHost(epoch);
                    checkpoint();
                }
            }
            progress.finish();
            long lateSteps = Math.max(0, sessionSteps - lateFrom);
            return new Summary(stepsDone, sessionImages / ((System.nanoTime() - start) / 1e9),
                    sessionImages / (trainingNanos / 1e9), lastGrid,
                    sessionSteps > WARM_UP_STEPS ? stepAllocations.per(sessionSteps - WARM_UP_STEPS) : null,
                    lateSteps, lateSteps > 0 ? lateAllocations.per(lateSteps) : null);
        }
    }

    /** One autograd step, or one explicit step (queued, on a GPU) and its losses read back after it. */
    private TrainingStep.Result runStep(BatchReader.Batch batch, Tensor z) {
        if (explicitStep == null) {
            return step.run(batch.images(), options.config().conditional() ? batch.labels() : null, z);
        }
        explicitStep.run(batch.images(), options.config().conditional() ? batch.labels() : null, z);
        return explicitStep.result();
    }

    /** Brings the explicit step's model and optimizer state to the host (for samples and checkpoints); checks the weights. */
    private void copyToHost(int epoch) {
        if (explicitStep == null) {
            return;
        }
        explicitStep.downloadToHost();
        String problem = step.firstNonFiniteWeight();
        if (problem != null) {
            throw diverged(problem + " is not finite", epoch);
        }
    }

    private void start(SeedPlan seeds) throws IOException {
        if (Files.exists(run.checkpoint())) {
            throw new IllegalArgumentException(run.root() + " already holds a checkpoint; add --resume to continue"
                    + " that run, or choose another --out");
        }
        model = Dcgan.create(options.config(), seeds.weights());
        step = new TrainingStep(model);
        noise = new Rng(seeds.noise());
        stepsDone = 0;
    }

    private void resume() throws IOException {
        if (!Files.exists(run.checkpoint())) {
            throw new IllegalArgumentException("--resume: " + run.root() + " holds no checkpoint ("
                    + Checkpoint.FILE_NAME + ")");
        }
        Checkpoint saved = Checkpoint.read(run.checkpoint());
        Checkpoint.Position position = saved.position();
        if (!saved.config().equals(options.config())) {
            throw new IllegalArgumentException("cannot resume " + saved.file() + ": it was trained as "
                    + saved.config().describe() + ", not " + options.config().describe()
                    + "; give the same preset and options, or another --out");
        }
        requireSame("--dataset", position.dataset(), dataset.name());
        requireSame("--batch-size", Integer.toString(position.batchSize()), Integer.toString(options.batchSize()));
        requireSame("--seed", Long.toString(position.seed()), Long.toString(options.seed()));
        try {
            batches.restoreState(position.batchOrder());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot resume " + saved.file() + ": " + e.getMessage());
        }
        if (position.threads() != Parallel.threads()) {
            log.printf("note: %s was written with %d threads, this run uses %d; results will not match an"
                    + " uninterrupted run bit for bit%n", saved.file(), position.threads(), Parallel.threads());
        }
        model = saved.model();
        step = new TrainingStep(model);
        saved.restoreOptimizers(step);
        noise = new Rng(0);
        noise.restoreState(position.noiseRng());
        stepsDone = position.step();
        checkpointStep = stepsDone;
        log.printf("resuming %s at step %d%n", saved.file(), stepsDone);
    }

    private void requireSame(String option, String saved, String given) {
        if (!saved.equals(given)) {
            throw new IllegalArgumentException("cannot resume " + run.checkpoint() + ": it was trained with " + option
                    + " " + saved + ", not " + given);
        }
    }

    private void requireDatasetFits(DcganConfig config) {
        if (dataset.height() != config.imageSize() || dataset.width() != config.imageSize()
                || dataset.channels() != config.channels()) {
            throw new IllegalArgumentException(dataset.name() + " holds " + dataset.channels() + "x" + dataset.height()
                    + "x" + dataset.width() + " images; " + config.describe() + " needs " + config.channels() + "x"
                    + config.imageSize() + "x" + config.imageSize());
        }
        if (config.conditional() && dataset.numClasses() != config.numClasses()) {
            throw new IllegalArgumentException("--conditional: " + dataset.name() + " has " + dataset.numClasses()
                    + " classes, the model " + config.numClasses());
        }
    }

    /** Losses every step; the autograd step's weights too (the explicit step's are checked when copied to the host). */
    private void requireFinite(TrainingStep.Result result, int epoch) {
        if (!result.finite()) {
            throw diverged(String.format(Locale.ROOT, "loss D = %s, loss G = %s", result.lossD(), result.lossG()), epoch);
        }
        String problem = explicitStep == null ? step.firstNonFiniteWeight() : null;
        if (problem != null) {
            throw diverged(problem + " is not finite", epoch);
        }
    }

    private IllegalStateException diverged(String problem, int epoch) {
        String kept = checkpointStep >= 0
                ? "the last good checkpoint is " + run.checkpoint() + " (step " + checkpointStep + ")"
                : "no checkpoint had been written yet";
        return new IllegalStateException("training diverged at step " + stepsDone + " (epoch " + epoch + "): "
                + problem + "; stopped without saving, " + kept);
    }

    private void checkpoint() throws IOException {
        Checkpoint.Position position = new Checkpoint.Position(stepsDone, options.seed(), options.batchSize(),
                dataset.name(), noise.saveState(), batches.saveState(), Parallel.threads());
        try {
            Checkpoint.save(run.checkpoint(), model, step, position, writer);
        } catch (IOException e) {
            String kept = checkpointStep >= 0
                    ? "the previous checkpoint (step " + checkpointStep + ") is intact"
                    : "no earlier checkpoint exists";
            throw new IOException("could not write checkpoint " + run.checkpoint() + " at step " + stepsDone + ": "
                    + e.getMessage() + "; " + kept, e);
        }
        checkpointStep = stepsDone;
        lastCheckpointNanos = System.nanoTime();
    }

    private int gridCount() {
        return options.config().imageSize() <= 32 || options.config().conditional() ? 100 : 64;
    }

    private int gridColumns() {
        return gridCount() == 100 ? 10 : 8;
    }

    /** Labels 0, 1, ..., classes-1, 0, 1, ...: each grid column one class when the grid is 10 wide. */
    static int[] cycleLabels(int count, int classes) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }
}
