package dev.jgan.bench.gpu;

import java.util.Locale;

/**
 * One timed case of the GPU benchmark, as a CSV row that the Java runner and bench/gpu_pytorch.py
 * both write: {@code impl,name,batch,pass,precision,ms_median,ms_min,tflops,note}.
 * {@code tflops} (from the median) is NaN where no FLOP count is defined (whole models), the
 * times are NaN for a case that did not run, and {@code note} says why or what differs.
 *
 * @param impl      who ran it: {@code jgan} or {@code pytorch}
 * @param name      layer name from bench/layer-shapes.json, or {@code dcgan-mnist}, {@code biggan-deep-256}
 * @param pass      {@code forward}, {@code backwardInput}, {@code backwardWeight} or {@code train-step}
 * @param precision {@code FP32} or {@code TF32}
 */
public record GpuBenchRow(String impl, String name, int batch, String pass, String precision,
                          double msMedian, double msMin, double tflops, String note) {
    /** The CSV header line. */
    public static final String HEADER = "impl,name,batch,pass,precision,ms_median,ms_min,tflops,note";
    private static final int FIELDS = 9;

    public GpuBenchRow {
        for (String field : new String[] {impl, name, pass, precision}) {
            if (field.isEmpty() || field.contains(",")) {
                throw new IllegalArgumentException("GPU bench row field '" + field + "' is empty or holds a comma");
            }
        }
        note = note.replace('\n', ' ');
    }

    /** A case that was not timed, with the reason. */
    public static GpuBenchRow notRun(String impl, String name, int batch, String pass, String precision, String why) {
        return new GpuBenchRow(impl, name, batch, pass, precision, Double.NaN, Double.NaN, Double.NaN, why);
    }

    /** True when the case was timed. */
    public boolean ran() {
        return !Double.isNaN(msMedian);
    }

    /** The key rows of the two implementations are matched by. */
    public String caseKey() {
        return name + "|" + batch + "|" + pass + "|" + precision;
    }

    public String toCsv() {
        return String.join(",", impl, name, Integer.toString(batch), pass, precision, number(msMedian), number(msMin),
                number(tflops), note);
    }

    /** Parses one row; the note (the last field) may hold commas. */
    public static GpuBenchRow parse(String line) {
        String[] f = line.split(",", FIELDS);
        if (f.length != FIELDS) {
            throw new IllegalArgumentException("GPU bench row has " + f.length + " fields, expected "
                    + FIELDS + " (" + HEADER + "): " + line);
        }
        try {
            return new GpuBenchRow(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4], value(f[5]), value(f[6]),
                    value(f[7]), f[8]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GPU bench row has a malformed number (" + e.getMessage() + "): " + line);
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static double value(String field) {
        String s = field.strip();
        return s.isEmpty() || s.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(s);
    }
}
