package com.kubetrader.analysis;

import java.nio.file.Path;

/** A problem with the input or the analysis that the user can fix; its message is shown without a stack trace. */
public final class AnalysisException extends RuntimeException {

    public AnalysisException(String message) {
        super(message);
    }

    public AnalysisException(String message, Throwable cause) {
        super(message, cause);
    }

    public static AnalysisException inFile(Path file, String what) {
        return new AnalysisException(file + ": " + what);
    }
}
