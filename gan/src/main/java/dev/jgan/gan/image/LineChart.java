package dev.jgan.gan.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain line chart of one or more series over a shared x axis, e.g. D and G losses per step. */
public final class LineChart {
    private static final int[] COLORS = {0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd};
    private static final int WHITE = 0xffffff;
    private static final int GRID = 0xdddddd;
    private static final int INK = 0x404040;
    private static final double STROKE = 1.5;
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int MARGIN_LEFT = 70;
    private static final int MARGIN_RIGHT = 20;
    private static final int MARGIN_TOP = 40;
    private static final int MARGIN_BOTTOM = 50;
    private static final int TICKS = 5;

    private final String title;
    private final String xLabel;
    private final List<String> names = new ArrayList<>();
    private final List<double[]> xs = new ArrayList<>();
    private final List<double[]> ys = new ArrayList<>();

    public LineChart(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    public LineChart add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
        }
        names.add(name);
        xs.add(x);
        ys.add(y);
        return this;
    }

    public Picture render() {
        Picture picture = new Picture(WIDTH, HEIGHT, WHITE);
        double[] range = range();
        drawAxes(picture, range);
        for (int s = 0; s < names.size(); s++) {
            drawSeries(picture, s, range);
        }
        drawLegend(picture);
        return picture;
    }

    /** {minX, maxX, minY, maxY} over all finite points, widened when degenerate. */
    private double[] range() {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < names.size(); s++) {
            for (int i = 0; i < xs.get(s).length; i++) {
                double x = xs.get(s)[i];
                double y = ys.get(s)[i];
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (!Double.isFinite(minX)) {
            return new double[] {0, 1, 0, 1};
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        if (maxY <= minY) {
            maxY = minY + 1;
        }
        double pad = 0.05 * (maxY - minY);
        return new double[] {minX, maxX, minY - pad, maxY + pad};
    }

    private static double px(double x, double[] r) {
        return MARGIN_LEFT + (x - r[0]) / (r[1] - r[0]) * (WIDTH - MARGIN_LEFT - MARGIN_RIGHT);
    }

    private static double py(double y, double[] r) {
        return HEIGHT - MARGIN_BOTTOM - (y - r[2]) / (r[3] - r[2]) * (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM);
    }

    private void drawAxes(Picture picture, double[] r) {
        BitmapFont font = BitmapFont.sans12();
        int plotWidth = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
        int plotHeight = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
        for (int t = 0; t <= TICKS; t++) {
            double yValue = r[2] + (r[3] - r[2]) * t / TICKS;
            double xValue = r[0] + (r[1] - r[0]) * t / TICKS;
            int y = (int) py(yValue, r);
            int x = (int) px(xValue, r);
            picture.fillRect(MARGIN_LEFT, y, plotWidth, 1, GRID);
            String yTick = String.format(Locale.ROOT, "%.3g", yValue);
            font.draw(picture, yTick, MARGIN_LEFT - 6 - font.width(yTick), y + 4, INK);
            String xTick = String.format(Locale.ROOT, "%.0f", xValue);
            font.draw(picture, xTick, x - font.width(xTick) / 2, HEIGHT - MARGIN_BOTTOM + 18, INK);
        }
        picture.fillRect(MARGIN_LEFT, MARGIN_TOP, plotWidth + 1, 1, INK);
        picture.fillRect(MARGIN_LEFT, MARGIN_TOP + plotHeight, plotWidth + 1, 1, INK);
        picture.fillRect(MARGIN_LEFT, MARGIN_TOP, 1, plotHeight + 1, INK);
        picture.fillRect(MARGIN_LEFT + plotWidth, MARGIN_TOP, 1, plotHeight + 1, INK);
        font.draw(picture, xLabel, MARGIN_LEFT + (plotWidth - font.width(xLabel)) / 2, HEIGHT - 12, INK);
        font.draw(picture, title, MARGIN_LEFT, 24, INK);
        font.draw(picture, title, MARGIN_LEFT + 1, 24, INK);
    }

    /** A box in the plot's top right corner, over the lines, naming each series by its colour. */
    private void drawLegend(Picture picture) {
        BitmapFont font = BitmapFont.sans12();
        int widest = names.stream().mapToInt(font::width).max().orElse(0);
        int width = 26 + widest + 10;
        int height = 18 * names.size() + 8;
        int left = WIDTH - MARGIN_RIGHT - 10 - width;
        int top = MARGIN_TOP + 10;
        picture.fillRect(left, top, width, height, GRID);
        picture.fillRect(left + 1, top + 1, width - 2, height - 2, WHITE);
        for (int s = 0; s < names.size(); s++) {
            int baseline = top + 17 + 18 * s;
            picture.fillRect(left + 6, baseline - 5, 16, 3, COLORS[s % COLORS.length]);
            font.draw(picture, names.get(s), left + 26, baseline, INK);
        }
    }

    private void drawSeries(Picture picture, int s, double[] r) {
        double[] x = xs.get(s).clone();
        double[] y = ys.get(s).clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = px(x[i], r);
            y[i] = py(y[i], r);
        }
        Polyline.draw(picture, x, y, STROKE, COLORS[s % COLORS.length]);
    }
}
