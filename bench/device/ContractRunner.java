import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** Runs the named test classes on the device machine (no Maven there) and prints the summary. */
public class ContractRunner {
    public static void main(String[] args) {
        var b = request();
        for (String c : args) {
            b.selectors(selectClass(c));
        }
        LauncherDiscoveryRequest req = b.build();
        Launcher l = LauncherFactory.create();
        SummaryGeneratingListener s = new SummaryGeneratingListener();
        l.execute(req, s);
        TestExecutionSummary sum = s.getSummary();
        sum.printTo(new PrintWriter(System.out));
        sum.printFailuresTo(new PrintWriter(System.out), 20);
        System.exit(sum.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
