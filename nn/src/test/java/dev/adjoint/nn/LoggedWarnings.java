package dev.adjoint.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The warnings a piece of code logs, for tests of the warnings Keras gives too. */
public final class LoggedWarnings {

    private LoggedWarnings() {
    }

    /** The messages logged at level WARNING on the logger {@code name} while {@code run} runs, in order. */
    public static List<String> during(String name, Runnable run) {
        Logger logger = Logger.getLogger(name); // held, so the handler is not collected
        List<String> messages = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    messages.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            run.run();
        } finally {
            logger.removeHandler(handler);
        }
        return messages;
    }
}
