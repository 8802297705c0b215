import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * Stands in for bench/torch_lockstep.py in tests, run with the java source launcher: speaks the same
 * protocol with fixed answers. Layer "broken" gets an error reply; layer "exit" makes it exit without one.
 * Route "fast" takes 1 ms per call, route "slow" 3 ms.
 */
public class FakeTorchWorker {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready FakeTorch on " + args[1] + " thread(s)");
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "quit" -> {
                    return;
                }
                case "case" -> {
                    if (words[2].equals("exit")) {
                        return;
                    }
                    System.out.println(words[2].equals("broken") ? "error KeyError: 'broken'" : "routes slow fast");
                }
                case "turn" -> System.out.println(words[1].equals("0") ? "ms 3.0" : "ms 1.0");
                default -> System.out.println("error unknown request '" + line + "'");
            }
            System.out.flush();
        }
    }
}
