package pinn4j.app.live;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.knowm.xchart.BitmapEncoder;
import pinn4j.plots.charts.TrainingCharts;
import pinn4j.solver.IterationRecord;
import pinn4j.solver.io.Folders;

/** Writes a training as an animated GIF: both panels side by side, one frame per snapshot, looping. */
public final class Animation {

    private Animation() {
    }

    /**
     * Writes the GIF, whole or not at all.
     *
     * @param file the GIF to write
     * @param charts the panels, redrawn for each snapshot
     * @param snapshots the frames' moments, in order
     * @param history the whole loss history
     * @param frameMillis how long each frame shows; the last one stays three seconds
     * @throws IOException when the file cannot be written
     */
    public static void writeGif(Path file, TrainingCharts charts, List<TrainingCharts.Snapshot> snapshots,
                                List<IterationRecord> history, int frameMillis) throws IOException {
        Folders.writeFile(file, out -> encode(out, charts, snapshots, history, frameMillis));
    }

    private static void encode(OutputStream out, TrainingCharts charts, List<TrainingCharts.Snapshot> snapshots,
                               List<IterationRecord> history, int frameMillis) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < snapshots.size(); i++) {
                charts.show(snapshots.get(i), history);
                BufferedImage frame = frame(charts);
                int delay = i == snapshots.size() - 1 ? 3000 : frameMillis;
                writer.writeToSequence(new IIOImage(frame, null, metadata(writer, frame, delay, i == 0)), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /** Both panels side by side on one image. */
    static BufferedImage frame(TrainingCharts charts) {
        BufferedImage left = BitmapEncoder.getBufferedImage(charts.solution());
        BufferedImage right = BitmapEncoder.getBufferedImage(charts.loss());
        BufferedImage frame = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, frame.getWidth(), frame.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        return frame;
    }

    private static IIOMetadata metadata(ImageWriter writer, BufferedImage frame, int delayMillis, boolean first)
            throws IOException {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayMillis / 10));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode application = new IIOMetadataNode("ApplicationExtension");
            application.setAttribute("applicationID", "NETSCAPE");
            application.setAttribute("authenticationCode", "2.0");
            application.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(application);
        }
        metadata.setFromTree(format, root);
        return metadata;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
