// Renders FO files to PDF with Apache FOP in one JVM and prints the median
// time per document, warm: the figure to set against pliego's per-document
// time, without the JVM start-up that the `fop` command pays every time.
//
// usage: java FopBatch CONFIG|- WARMUP_ROUNDS TIMED_ROUNDS FILE.fo...
// Each round renders every file once; only the timed rounds are measured.
// Prints one line: "median_ms N.NN".
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.xml.transform.Result;
import javax.xml.transform.Source;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.sax.SAXResult;
import javax.xml.transform.stream.StreamSource;
import org.apache.fop.apps.Fop;
import org.apache.fop.apps.FopFactory;
import org.apache.fop.apps.MimeConstants;

public final class FopBatch {
    private FopBatch() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java FopBatch CONFIG|- WARMUP TIMED FILE.fo...");
            System.exit(1);
        }
        // One factory for the whole run, as a server would keep: its font
        // cache is part of being warm.
        FopFactory factory = args[0].equals("-")
            ? FopFactory.newInstance(new File(".").toURI())
            : FopFactory.newInstance(new File(args[0]));
        int warmup = Integer.parseInt(args[1]);
        int timed = Integer.parseInt(args[2]);
        List<File> files = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            files.add(new File(args[i]));
        }
        TransformerFactory transformers = TransformerFactory.newInstance();

        for (int round = 0; round < warmup; round++) {
            for (File file : files) {
                render(factory, transformers, file);
            }
        }
        List<Double> times = new ArrayList<>();
        for (int round = 0; round < timed; round++) {
            for (File file : files) {
                long start = System.nanoTime();
                render(factory, transformers, file);
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        Collections.sort(times);
        int n = times.size();
        double median = n % 2 == 1 ? times.get(n / 2)
                                   : (times.get(n / 2 - 1) + times.get(n / 2)) / 2;
        System.out.printf(java.util.Locale.ROOT, "median_ms %.1f%n", median);
    }

    // The PDF goes to memory: the comparison is about formatting, and pliego's
    // timed renders write small files to a temporary directory either way.
    private static void render(FopFactory factory, TransformerFactory transformers,
                               File file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        Fop fop = factory.newFop(MimeConstants.MIME_PDF, out);
        Transformer transformer = transformers.newTransformer();
        Source source = new StreamSource(file);
        Result result = new SAXResult(fop.getDefaultHandler());
        transformer.transform(source, result);
    }
}
